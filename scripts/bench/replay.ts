/**
 * Journal benchmark: restart replay and append latency, on real SQLite files in a temp directory.
 * Target: replay of 500,000 journaled events (open + read + parse + reduce) ≤ 10 s.
 *
 *   npm run bench:replay [-- --events N] [-- --per-entry N] [-- --older-days N] [-- --appends N]
 *                        [-- --seed N] [-- --keep] [-- --no-checkpoint]
 *
 * 1. Fill: a synthetic call-center day (scripts/bench/syntheticDay.ts) is journaled, `--per-entry`
 *    events per entry (default 1: one row per event, the most rows and so the slowest replay), through
 *    the real group-commit path, after `--older-days` (default 1) copies of it dated on earlier days,
 *    which replay must skip without reading; then the storage is closed and reopened, as at a restart.
 * 2. Replay (3 runs each, median): (a) eventsReceivedSince read + JSON parse of every event; (b) the
 *    same plus reduceAll in chunks of 5,000 from initialState, as server/recorder.ts replayJournal
 *    does; (c) reduceAll alone over the same chunks from memory, to show the reducer's share of (b).
 * 2b. Restart from a checkpoint (replayCheckpoint.ts): full replay through the start-up path, the
 *    checkpoint's encode cost, ready time from it, and the worst case (a tail of the busiest 5 minutes).
 * 3. Append: 50 concurrent appenders (Promise.all rounds of 50 webhook-sized entries, each with a raw
 *    body and a dedupe key), synchronous full and normal: entries/s and p50/p99 latency per append.
 * 4. Prune: every day ages out at once (the worst case for the synchronous prune).
 *
 * The OS page cache is warm (the file was just written); a cold disk read adds to (a) and (b).
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState } from '../../lib/domain/state';
import { DEFAULT_RETENTION, type JournalEntry, openStorage, type Storage } from '../../server/storage';
import { BENCH_SETTINGS, fmt, mb, option } from './cli';
import { checkpointBench } from './replayCheckpoint';
import { syntheticDay } from './syntheticDay';

const TARGET_MS = 10_000;
const RUNS = 3;
const CHUNK = 5000;
const FILL_ROUND = 500;
const APPENDERS = 50;
/** Calls of the synthetic day: ~8.3 events per call, so ~530,000 events (sliced to --events). */
const CALLS = 60_000;
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function fill(storage: Storage, events: readonly DomainEvent[], perEntry: number): Promise<number> {
  let entries = 0;
  for (let i = 0; i < events.length; ) {
    const round: Promise<unknown>[] = [];
    for (let r = 0; r < FILL_ROUND && i < events.length; r++, i += perEntry) {
      const slice = events.slice(i, i + perEntry);
      const first = slice[0] as DomainEvent;
      round.push(
        storage.journal.append({
          source: first.source,
          kind: first.origin,
          receivedAt: first.at,
          events: slice,
        }),
      );
      entries += 1;
    }
    await Promise.all(round);
  }
  return entries;
}

function readAll(storage: Storage, from: number): number {
  let n = 0;
  for (const _ of storage.journal.eventsReceivedSince(from)) n += 1;
  return n;
}

/** As server/recorder.ts replayJournal: chunks of 5,000 through reduceAll. */
function readAndReduce(storage: Storage, from: number, startAt: number): { n: number; state: DomainState } {
  let state = initialState(BENCH_SETTINGS, startAt);
  let chunk: DomainEvent[] = [];
  let n = 0;
  for (const e of storage.journal.eventsReceivedSince(from)) {
    chunk.push(e);
    if (chunk.length >= CHUNK) {
      state = reduceAll(state, chunk);
      n += chunk.length;
      chunk = [];
    }
  }
  state = reduceAll(state, chunk);
  return { n: n + chunk.length, state };
}

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

async function appendBench(
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

async function main(): Promise<void> {
  const wanted = option('events', 500_000);
  const perEntry = option('per-entry', 1);
  const appends = option('appends', 20_000);
  const olderDays = option('older-days', 1, 0);
  const seed = option('seed', 1);
  const keep = process.argv.includes('--keep');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${cpus().length} × ${cpu}`);

  let t = performance.now();
  const day = syntheticDay({
    seed,
    queues: 50,
    agentsPerQueue: 100,
    calls: Math.max(CALLS, Math.ceil(wanted / 8)),
  });
  const events = day.events.slice(0, wanted);
  if (events.length < wanted) throw new Error(`the synthetic day has only ${events.length} events`);
  console.log(`synthetic day: ${fmt(events.length)} events, built in ${fmt(performance.now() - t)} ms`);

  const root = mkdtempSync(join(tmpdir(), 'callboard-bench-replay-'));
  const rows: [string, string][] = [];
  try {
    // --- fill ---------------------------------------------------------------------------------
    const dataDir = join(root, 'replay');
    t = performance.now();
    let storage = openStorage({ dataDir, synchronous: 'normal' });
    for (let d = olderDays; d > 0; d--) {
      await fill(
        storage,
        events.map((e) => ({ ...e, at: e.at - d * DAY })),
        perEntry,
      );
    }
    const entries = await fill(storage, events, perEntry);
    await storage.close();
    const fillMs = performance.now() - t;
    const size = statSync(join(dataDir, 'callboard.db')).size;
    console.log(
      `fill: ${fmt(entries)} entries (${perEntry} event${perEntry > 1 ? 's' : ''} each) per day, ` +
        `${olderDays + 1} day(s) in ${fmt(fillMs)} ms, database ${mb(size)}`,
    );
    rows.push([
      `fill: ${olderDays + 1} day(s) of ${fmt(events.length)} events, ${fmt(entries)} entries a day (synchronous=normal)`,
      `${fmt(fillMs)} ms`,
    ]);

    // --- replay -------------------------------------------------------------------------------
    const from = day.startAt - 6 * 3600_000; // as app.ts: day start minus the look-back
    const open: number[] = [];
    const read: number[] = [];
    const reduce: number[] = [];
    let last: DomainState | undefined;
    for (let r = 1; r <= RUNS; r++) {
      t = performance.now();
      storage = openStorage({ dataDir });
      open.push(performance.now() - t);

      t = performance.now();
      const n = readAll(storage, from);
      read.push(performance.now() - t);
      if (n !== events.length) throw new Error(`read ${n} events, expected ${events.length}`);

      last = undefined;
      t = performance.now();
      const replayed = readAndReduce(storage, from, day.startAt);
      reduce.push(performance.now() - t);
      last = replayed.state;
      if (replayed.n !== events.length) throw new Error(`replayed ${replayed.n} events`);
      await storage.close();
      console.log(
        `run ${r}: open ${fmt(open.at(-1) ?? 0)} ms, read+parse ${fmt(read.at(-1) ?? 0)} ms, ` +
          `read+parse+reduce ${fmt(reduce.at(-1) ?? 0)} ms`,
      );
    }
    const heap = process.memoryUsage().heapUsed;
    if (last) {
      console.log(
        `replayed state: ${last.queues.size} queues, ${fmt(last.extensions.size)} extensions; heap ${mb(heap)}`,
      );
    }
    last = undefined;
    // The reducer's share: the same chunks from memory, no storage involved.
    const reduceOnly: number[] = [];
    for (let r = 1; r <= RUNS; r++) {
      t = performance.now();
      let state = initialState(BENCH_SETTINGS, day.startAt);
      for (let i = 0; i < events.length; i += CHUNK) state = reduceAll(state, events.slice(i, i + CHUNK));
      reduceOnly.push(performance.now() - t);
    }
    const endToEnd = median(open) + median(reduce);
    rows.push([
      `(a) eventsReceivedSince: read + parse ${fmt(events.length)} events`,
      `${fmt(median(read))} ms (${fmt(events.length / (median(read) / 1000))} events/s)`,
    ]);
    rows.push([`(b) read + parse + reduceAll in chunks of ${fmt(CHUNK)}`, `${fmt(median(reduce))} ms`]);
    rows.push([`(c) reduceAll alone, same chunks from memory (no storage)`, `${fmt(median(reduceOnly))} ms`]);
    rows.push([
      'replay end to end (open + b)',
      `${fmt(endToEnd)} ms (${endToEnd <= TARGET_MS ? 'meets' : 'misses'} the ${fmt(TARGET_MS)} ms target)`,
    ]);

    // --- restart from a checkpoint (replayCheckpoint.ts) -----------------------------------------
    if (!process.argv.includes('--no-checkpoint'))
      rows.push(...(await checkpointBench({ dataDir, events, startAt: day.startAt, from, perEntry })));

    // --- append -------------------------------------------------------------------------------
    for (const mode of ['full', 'normal'] as const) {
      const r = await appendBench(join(root, `append-${mode}`), mode, events, appends, day.startAt);
      console.log(`append ${mode}: ${fmt(r.perSecond)} entries/s, ${fmt(r.commits)} commits`);
      rows.push([
        `append, ${APPENDERS} concurrent, synchronous=${mode} (${fmt(appends)} webhook entries)`,
        `${fmt(r.perSecond)} entries/s; p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
      ]);
    }

    // --- prune --------------------------------------------------------------------------------
    storage = openStorage({ dataDir });
    t = performance.now();
    const removed = storage.prune((events.at(-1) as DomainEvent).at + 9 * 86_400_000, DEFAULT_RETENTION);
    const pruneMs = performance.now() - t;
    await storage.close();
    rows.push([`prune: every day at once (${fmt(removed.journal)} journal rows)`, `${fmt(pruneMs)} ms`]);
  } finally {
    if (keep) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }

  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`\n| ${cpus().length}-core VM, Node ${process.version}, load ${load} | result |\n|---|---|`);
  for (const [what, result] of rows) console.log(`| ${what} | ${result} |`);
}

await main();
