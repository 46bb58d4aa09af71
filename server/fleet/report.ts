import { z } from 'zod';
import type { DisplayReport } from '../../lib/protocol';

/**
 * A display's report on itself (lib/protocol.ts DisplayReport), as the server accepts it: every
 * field bounded, nothing else taken. A screen reports every 15 s and when its liveness changes; the
 * server takes one report per socket per REPORT_MIN_INTERVAL_MS and cuts off a socket that keeps
 * sending more (REPORT_FLOOD per minute).
 */
export const displayReportSchema = z
  .object({
    build: z.string().max(64).nullable(),
    page: z.string().max(200),
    screen: z
      .object({
        width: z.number().int().min(1).max(20_000),
        height: z.number().int().min(1).max(20_000),
      })
      .strict(),
    live: z.boolean(),
    forMs: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3600_000),
  })
  .strict() satisfies z.ZodType<DisplayReport>;

export const REPORT_MIN_INTERVAL_MS = 2_000;
export const REPORT_FLOOD = 60;

/** A socket's report pace: accept, ignore (too soon), or drop the socket (flooding). */
export function createReportPace(now: () => number) {
  let lastAccepted = Number.NEGATIVE_INFINITY;
  let windowStart = now();
  let inWindow = 0;
  return (): 'accept' | 'ignore' | 'drop' => {
    const t = now();
    if (t - windowStart >= 60_000) {
      windowStart = t;
      inWindow = 0;
    }
    inWindow += 1;
    if (inWindow > REPORT_FLOOD) return 'drop';
    if (t - lastAccepted < REPORT_MIN_INTERVAL_MS) return 'ignore';
    lastAccepted = t;
    return 'accept';
  };
}
