/**
 * The journal on SQLite and on PostgreSQL, side by side on this machine (issue #19 groundwork):
 * how long the embedded PostgreSQL of the tests takes to start, and append throughput and latency
 * of each backend with 50 concurrent appenders of webhook-sized entries (raw body and dedupe key),
 * rounds alternated so the machine's noise falls on both.
 *
 *   npm run bench:journals [-- --entries 10000] [-- --rounds 2] [-- --starts 3]
 *
 * SQLite: synchronous=full, the journal writer thread (the defaults). PostgreSQL: an embedded
 * cluster with fsync on (durable, as SQLite's full), over loopback TCP, one pool of 4 connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStorage } from '../../server/storage';
import { createPgJournal } from '../../server/storage/postgres/journal';
import { migratePostgres } from '../../server/storage/postgres/migrate';
import { openPgPool } from '../../server/storage/postgres/pool';
import {
  freshDatabase,
  startEmbeddedPostgres,
} from '../../server/storage/postgres/testing/throwawayPostgres';
import { answered } from '../../server/storage/testing/events';
import type { AppendResult, JournalEntry } from '../../server/storage/types';
import { fmt, option } from './cli';

const ENTRIES = option('entries', 10_000);
const ROUNDS = option('rounds', 2);
const STARTS = option('starts', 3);
const APPENDERS = 50;

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

function webhookEntry(i: number, round: number): JournalEntry {
  const events = [answered(i), answered(i + 1)];
  const body = JSON.stringify({ event_type: 'call_cdr', seq: i, data: events, pad: 'x'.repeat(400) });
  return {
    source: 'bench-webhook',
    kind: 'portsip-webhook',
    receivedAt: 1_773_129_600_000 + i,
    events,
    raw: { contentType: 'application/json', body },
    dedupeKey: `bench-${round}-${i}`,
  };
}

async function run(append: (e: JournalEntry) => Promise<AppendResult>, round: number) {
  const latencies = new Float64Array(ENTRIES);
  const t0 = performance.now();
  for (let i = 0; i < ENTRIES; i += APPENDERS) {
    await Promise.all(
      Array.from({ length: Math.min(APPENDERS, ENTRIES - i) }, async (_, j) => {
        const t = performance.now();
        await append(webhookEntry(i + j, round));
        latencies[i + j] = performance.now() - t;
      }),
    );
  }
  const ms = performance.now() - t0;
  latencies.sort();
  return {
    perSecond: ENTRIES / (ms / 1000),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

const line = (name: string, r: Awaited<ReturnType<typeof run>>, commits: number) =>
  console.log(
    `${name.padEnd(12)} ${fmt(r.perSecond).padStart(7)} appends/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ${fmt(commits)} commits`,
  );

async function main() {
  console.log(`embedded PostgreSQL start (initdb + start, test settings), ${STARTS}×:`);
  for (let i = 0; i < STARTS; i++) {
    const server = await startEmbeddedPostgres();
    const t = performance.now();
    await server.stop();
    console.log(`  start ${fmt(server.startupMs)} ms, stop + delete ${fmt(performance.now() - t)} ms`);
  }

  const server = await startEmbeddedPostgres({ durable: true });
  console.log(`\n${ENTRIES} appends, ${APPENDERS} at a time, ${ROUNDS} rounds alternated:`);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'callboard-bench-'));
      const storage = openStorage({ dataDir: dir, synchronous: 'full' });
      const s = await run((e) => storage.journal.append(e), round);
      line('sqlite', s, storage.stats().commits);
      await storage.close();
      rmSync(dir, { recursive: true, force: true });

      const db = await freshDatabase(server.url);
      const pool = openPgPool({ url: db.url, max: 4 });
      await migratePostgres(pool);
      const journal = createPgJournal({ pool });
      const p = await run((e) => journal.append(e), round);
      line('postgresql', p, journal.stats().commits);
      await journal.close();
      await pool.end();
      await db.drop();
    }
  } finally {
    await server.stop();
  }
}

await main();
