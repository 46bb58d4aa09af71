/**
 * Retention on the shared PostgreSQL journal (issue #19): how long pruning a backlog of old rows
 * takes, and what it does to a live tail meanwhile. A database is filled with `--rows` journal rows
 * ten days old (a webhook-sized raw payload each); a tail of today runs while an appender writes a
 * row every 10 ms; then the old rows are pruned, either as the housekeeper does it (batches of
 * 2,000, each its own transaction: storage/postgres/retention.ts) or as one DELETE statement. The
 * tail delay (append committed → row handed on by the tail, one process, one clock) is reported
 * before and during the prune. Modes alternate over `--rounds`, each on a fresh database.
 *
 *   npm run bench:prune [-- --rows 200000] [-- --rounds 2]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEFAULT_RETENTION } from '../../server/storage';
import { createPgJournal } from '../../server/storage/postgres/journal';
import { migratePostgres } from '../../server/storage/postgres/migrate';
import { openPgPool } from '../../server/storage/postgres/pool';
import { createPgRetention } from '../../server/storage/postgres/retention';
import { startJournalTail } from '../../server/storage/postgres/tail';
import {
  freshDatabase,
  startEmbeddedPostgres,
} from '../../server/storage/postgres/testing/throwawayPostgres';
import { answered } from '../../server/storage/testing/events';
import { fmt, option } from './cli';

const ROWS = option('rows', 200_000);
const ROUNDS = option('rounds', 2);
const DAY = 86_400_000;
const NOW = Date.now();
const TODAY = NOW - (NOW % DAY);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

type Mode = 'batched' | 'one statement';

async function round(serverUrl: string, mode: Mode) {
  const db = await freshDatabase(serverUrl);
  const pool = openPgPool({ url: db.url, max: 6, queryTimeoutMs: 600_000 });
  await migratePostgres(pool);
  // The backlog, written directly (the journal's group commit would take minutes for this many).
  const body = JSON.stringify({ event_type: 'call_cdr', pad: 'x'.repeat(400) });
  const events = JSON.stringify([answered(1), answered(2)]);
  await pool.query(
    `WITH j AS (
       INSERT INTO journal (received_at, source, kind, events)
       SELECT $1::bigint + g, 'bench', 'portsip-webhook', $2::json FROM generate_series(1, $3) g
       RETURNING id, received_at)
     INSERT INTO raw_payloads (journal_id, received_at, content_type, body)
     SELECT id, received_at, 'application/json', $4 FROM j`,
    [NOW - 10 * DAY, events, ROWS, body],
  );
  await pool.query('VACUUM ANALYZE journal');

  const journal = createPgJournal({ pool });
  const committedAt = new Map<number, number>();
  const delays: { at: number; ms: number }[] = [];
  const tail = startJournalTail({
    pool,
    fromMs: TODAY,
    listener: () => new pg.Client({ connectionString: db.url }),
    onRows: (rows) => {
      const t = performance.now();
      for (const r of rows) {
        const sent = committedAt.get(r.receivedAt);
        if (sent !== undefined) delays.push({ at: t, ms: t - sent });
      }
    },
    pollMs: 500,
  });
  await tail.caughtUp;

  let writing = true;
  let n = 0;
  const writer = (async () => {
    while (writing) {
      const receivedAt = TODAY + n++;
      await journal.append({ source: 'bench', kind: 'portsip-wsi', receivedAt, events: [answered(n)] });
      committedAt.set(receivedAt, performance.now());
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await pause(2000);
  const pruneFrom = performance.now();
  let deleted: number;
  if (mode === 'batched') {
    deleted = (await createPgRetention(pool)(NOW, DEFAULT_RETENTION, { keepFrom: TODAY })).journal;
  } else {
    deleted = (await pool.query('DELETE FROM journal WHERE received_at < $1', [NOW - 8 * DAY])).rowCount ?? 0;
  }
  const pruneTo = performance.now();
  await pause(1000);
  writing = false;
  await writer;
  await pause(600);
  await tail.stop();
  await journal.close();
  await pool.end();
  await db.drop();

  const window = (from: number, to: number) =>
    delays
      .filter((d) => d.at >= from && d.at <= to)
      .map((d) => d.ms)
      .sort((x, y) => x - y);
  const before = window(0, pruneFrom);
  const during = window(pruneFrom, pruneTo + 50);
  const s = (pruneTo - pruneFrom) / 1000;
  const stat = (xs: number[]) =>
    xs.length === 0
      ? 'no rows'
      : `p50 ${percentile(xs, 0.5).toFixed(1)} ms  p99 ${percentile(xs, 0.99).toFixed(1)} ms  max ${(xs.at(-1) ?? 0).toFixed(0)} ms (${xs.length} rows)`;
  console.log(
    `${mode.padEnd(14)} pruned ${fmt(deleted)} rows in ${s.toFixed(2)} s (${fmt(deleted / s)} rows/s)\n` +
      `${''.padEnd(14)} tail delay before: ${stat(before)}\n` +
      `${''.padEnd(14)} tail delay during: ${stat(during)}`,
  );
}

async function main() {
  const server = await startEmbeddedPostgres({ durable: true });
  try {
    console.log(
      `${fmt(ROWS)} old journal rows (with raw payloads), a row appended every 10 ms, tail of today:`,
    );
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of (r % 2 === 0
        ? ['batched', 'one statement']
        : ['one statement', 'batched']) as Mode[])
        await round(server.url, mode);
    }
  } finally {
    await server.stop();
  }
}

await main();
