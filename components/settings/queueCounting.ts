'use client';

import { z } from 'zod';
import { type ApiResult, api } from './api';

/**
 * A queue's counting settings, SLA seconds and short-abandon seconds, as the board editor reads and
 * saves them. They belong to the queue, not to a board: a queue's SLA is the same on every board, so
 * they are saved through the general settings API (server/http/generalSettings.ts), apart from the
 * board. This file is the browser's one copy of that contract:
 * - `GET /api/v1/settings/general` → `{ settings: { slaSeconds, shortAbandonSeconds, queues: { [key]: { slaSeconds?, shortAbandonSeconds? } }, … } }`
 * - `PUT /api/v1/settings/queues/<key, URL-encoded>` with `{ slaSeconds, shortAbandonSeconds }`, each a
 *   number or null (= use the default) → `{ settings }` or `{ error }`. Admins and supervisors.
 * The key is the queue's id (QueueView `id`), the string a board's `queues` holds.
 */

export const COUNTING_FIELDS = ['slaSeconds', 'shortAbandonSeconds'] as const;
export type CountingField = (typeof COUNTING_FIELDS)[number];

// Only the part the editor reads; the rest of the general settings (timezone, …) is not ours to check.
const countingSchema = z.object({
  settings: z.object({
    slaSeconds: z.number(),
    shortAbandonSeconds: z.number(),
    queues: z.record(
      z.string(),
      z.object({ slaSeconds: z.number().optional(), shortAbandonSeconds: z.number().optional() }),
    ),
  }),
});
export type Counting = z.infer<typeof countingSchema>['settings'];

/** One queue's save: a number overrides the default, null goes back to it. */
export type QueueCountingPut = Record<CountingField, number | null>;

function parsed(r: ApiResult<unknown>): ApiResult<Counting> {
  if (!r.ok) return r;
  const body = countingSchema.safeParse(r.body);
  return body.success
    ? { ok: true, status: r.status, body: body.data.settings }
    : { ok: false, status: r.status, error: 'the server answered without the queue counting settings' };
}

export async function loadCounting(): Promise<ApiResult<Counting>> {
  return parsed(await api('GET', '/api/v1/settings/general'));
}

export async function saveQueueCounting(
  queueKey: string,
  put: QueueCountingPut,
): Promise<ApiResult<Counting>> {
  return parsed(await api('PUT', `/api/v1/settings/queues/${encodeURIComponent(queueKey)}`, put));
}

/** What a queue counts with now: its own value, else the global default (and which it is). */
export function effectiveCounting(
  c: Counting,
  queueKey: string,
): Record<CountingField, { seconds: number; isDefault: boolean }> {
  const own = c.queues[queueKey];
  const one = (f: CountingField) =>
    own?.[f] === undefined ? { seconds: c[f], isDefault: true } : { seconds: own[f], isDefault: false };
  return { slaSeconds: one('slaSeconds'), shortAbandonSeconds: one('shortAbandonSeconds') };
}
