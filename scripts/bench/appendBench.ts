/**
 * The append phase of `npm run bench:replay` (scripts/bench/replay.ts): 50 concurrent appenders of
 * webhook-sized entries, through the real group-commit path.
 */

import { performance } from 'node:perf_hooks';
import type { DomainEvent } from '../../lib/domain/events';
import { type JournalEntry, openStorage } from '../../server/storage';

export const APPENDERS = 50;

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** A webhook-sized entry: a few events, the raw body (~1 KB) and an idempotency key. */
function webhookEntry(events: readonly DomainEvent[], i: number, receivedAt: number): JournalEntry {
  const slice = events.slice(i % (events.length - 3), (i % (events.length - 3)) + 1 + (i % 3));
  const body = JSON.stringify({ event_type: 'call_cdr', seq: i, data: slice, pad: 'x'.repeat(400) });
  return {
    source: 'bench-webhook',
    kind: 'portsip-webhook',
    receivedAt,
    events: slice,
    raw: { contentType: 'application/json', body },
    dedupeKey: `bench-${i}`,
  };
}

export async function appendBench(
  dataDir: string,
  synchronous: 'full' | 'normal',
  events: readonly DomainEvent[],
  total: number,
  receivedAt: number,
) {
  const storage = openStorage({ dataDir, synchronous });
  const latencies = new Float64Array(total);
  const t0 = performance.now();
  for (let i = 0; i < total; i += APPENDERS) {
    await Promise.all(
      Array.from({ length: Math.min(APPENDERS, total - i) }, async (_, j) => {
        const entry = webhookEntry(events, i + j, receivedAt);
        const t = performance.now();
        await storage.journal.append(entry);
        latencies[i + j] = performance.now() - t;
      }),
    );
  }
  const ms = performance.now() - t0;
  const { commits } = storage.stats();
  await storage.close();
  latencies.sort();
  return {
    perSecond: total / (ms / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    commits,
  };
}
