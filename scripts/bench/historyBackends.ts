/**
 * History on SQLite and on PostgreSQL side by side (issue #19, wt-pghistory): the time to write a
 * closed day (50 queues × 96 quarters, its day rows and hourly rollup, one transaction) and to read
 * a month back as the queue report does (15 minutes, hours, days; all queues), rounds alternated so
 * the machine's noise falls on both.
 *
 *   npm run bench:history [-- --days 31] [-- --queues 50] [-- --rounds 3]
 *
 * SQLite: the storage's history behind promises (storage.asyncHistory), synchronous=full.
 * PostgreSQL: the embedded cluster of the tests (fsync on), over loopback TCP, one pool of 4.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../lib/domain/figures';
import { openStorage } from '../../server/storage';
import type { AsyncHistoryStore } from '../../server/storage/asyncHistory';
import { createPgHistoryStore } from '../../server/storage/postgres/history';
import { migratePostgres } from '../../server/storage/postgres/migrate';
import { openPgPool } from '../../server/storage/postgres/pool';
import {
  freshDatabase,
  startEmbeddedPostgres,
} from '../../server/storage/postgres/testing/throwawayPostgres';
import { fmt, option } from './cli';

const DAYS = option('days', 31);
const QUEUES = option('queues', 50);
const ROUNDS = option('rounds', 3);
const START = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

const f = (n: number): Figures => ({
  ...ZERO,
  offered: n,
  answered: n,
  waited: n,
  waitMs: 1000 * n,
  handled: n,
});
function day(d: number): ClosedDay {
  const start = START + d * DAY_MS;
  const queues = Array.from({ length: QUEUES }, (_, q) => ({
    queue: `t/${8000 + q}`,
    today: f(96 * (q + 1)),
    buckets: Array.from({ length: 96 }, (_, i) => [start + i * 900_000, f(q + 1)] as const),
  }));
  return { day: new Date(start).toISOString().slice(0, 10), start, end: start + DAY_MS, queues };
}

async function measure(store: AsyncHistoryStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let t = performance.now();
  for (let d = 0; d < DAYS; d++) await store.writeDay(day(d), 'live', Date.now());
  out['write a day, ms'] = (performance.now() - t) / DAYS;
  const to = START + DAYS * DAY_MS;
  for (const [name, read] of [
    ['read 15m', () => store.quarters(START, to)],
    ['read hours', () => store.hours(START, to, 0)],
    ['read days', () => store.days(START, to)],
  ] as const) {
    t = performance.now();
    const rows = await read();
    out[`${name} (${rows.length} rows), ms`] = performance.now() - t;
  }
  return out;
}

const pgServer = await startEmbeddedPostgres({ durable: true });
const results: Record<string, Record<string, number[]>> = { SQLite: {}, PostgreSQL: {} };
const add = (backend: string, r: Record<string, number>) => {
  const into = results[backend] as Record<string, number[]>;
  for (const [k, v] of Object.entries(r)) {
    const list = into[k] ?? [];
    list.push(v);
    into[k] = list;
  }
};
try {
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-history-'));
    const storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
    add('SQLite', await measure(storage.asyncHistory));
    await storage.close();
    rmSync(dir, { recursive: true, force: true });

    const db = await freshDatabase(pgServer.url);
    const pool = openPgPool({ url: db.url, max: 4 });
    await migratePostgres(pool);
    add('PostgreSQL', await measure(createPgHistoryStore(pool)));
    await pool.end();
    await db.drop();
  }
} finally {
  await pgServer.stop();
}
console.log(`history: ${DAYS} days × ${QUEUES} queues × 96 quarters, ${ROUNDS} rounds (median)`);
for (const [backend, figures] of Object.entries(results))
  for (const [name, values] of Object.entries(figures)) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(
      `  ${backend.padEnd(10)} ${name.padEnd(36)} ${fmt(sorted[Math.floor(sorted.length / 2)] ?? 0)}`,
    );
  }
