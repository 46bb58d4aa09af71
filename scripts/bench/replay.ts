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
 *    does; (c) reduceAll alone over the same chunks from memory (read back from the journal), to
 *    show the reducer's share of (b). Between (b) and (c): the heap after full GCs, holding the last
 *    replayed state and the process but not the generated day, as a server after its start-up replay.
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
import { DEFAULT_RETENTION, openStorage, type Storage } from '../../server/storage';
import { APPENDERS, appendBench } from './appendBench';
import { BENCH_SETTINGS, fmt, mb, option } from './cli';
import { fillJournal } from './fillJournal';
import { canCollect, heapAfterGc } from './heap';
import { checkpointBench } from './replayCheckpoint';
import { syntheticDay } from './syntheticDay';

const TARGET_MS = 10_000;
const RUNS = 3;
const CHUNK = 5000;
/** Calls of the synthetic day: ~8.3 events per call, so ~530,000 events (sliced to --events). */
const CALLS = 60_000;
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function readAll(storage: Storage, from: number): number {
  let n = 0;
  for (const _ of storage.journal.eventsReceivedSince(from)) n += 1;
  return n;
}

/**
 * As server/recorder.ts replayJournal: chunks of 5,000 through reduceAll. The state goes into
 * `held`, never into a local of main: an async function keeps its locals alive across awaits, and
 * the heap reading after the replay must be able to let the state go.
 */
function readAndReduce(storage: Storage, from: number, startAt: number, held: Held): number {
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
  held.state = reduceAll(state, chunk);
  return n + chunk.length;
}

interface Held {
  state: DomainState | undefined;
}

interface Filled {
  readonly dataDir: string;
  readonly startAt: number;
  readonly count: number;
  readonly lastAt: number;
  /** The first events, for the append phase's webhook entries (all it ever reads). */
  readonly sample: readonly DomainEvent[];
}

/**
 * Build the synthetic day and journal it (after `olderDays` copies dated on earlier days). In a
 * function of its own, so that the day's events are garbage once it returns: the heap measured
 * after the replay is then the replayed state's and the process's, as in a server just restarted.
 */
async function buildAndFill(root: string, rows: [string, string][]): Promise<Filled> {
  const wanted = option('events', 500_000);
  const perEntry = option('per-entry', 1);
  const olderDays = option('older-days', 1, 0);
  const appends = option('appends', 20_000);
  const seed = option('seed', 1);
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

  const dataDir = join(root, 'replay');
  t = performance.now();
  const storage = openStorage({ dataDir, synchronous: 'normal' });
  for (let d = olderDays; d > 0; d--) {
    await fillJournal(
      storage,
      events.map((e) => ({ ...e, at: e.at - d * DAY })),
      perEntry,
    );
  }
  const entries = await fillJournal(storage, events, perEntry);
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
  return {
    dataDir,
    startAt: day.startAt,
    count: events.length,
    lastAt: (events.at(-1) as DomainEvent).at,
    sample: events.slice(0, Math.min(events.length, appends + 3)),
  };
}

async function main(): Promise<void> {
  const appends = option('appends', 20_000);
  const keep = process.argv.includes('--keep');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${cpus().length} × ${cpu}`);

  const root = mkdtempSync(join(tmpdir(), 'callboard-bench-replay-'));
  const rows: [string, string][] = [];
  try {
    // --- fill ---------------------------------------------------------------------------------
    const { dataDir, startAt, count, lastAt, sample } = await buildAndFill(root, rows);

    // --- replay -------------------------------------------------------------------------------
    const from = startAt - 6 * 3600_000; // as app.ts: day start minus the look-back
    const open: number[] = [];
    const read: number[] = [];
    const reduce: number[] = [];
    const held: Held = { state: undefined };
    let storage: Storage;
    let t: number;
    for (let r = 1; r <= RUNS; r++) {
      t = performance.now();
      storage = openStorage({ dataDir });
      open.push(performance.now() - t);

      t = performance.now();
      const n = readAll(storage, from);
      read.push(performance.now() - t);
      if (n !== count) throw new Error(`read ${n} events, expected ${count}`);

      held.state = undefined;
      t = performance.now();
      const replayed = readAndReduce(storage, from, startAt, held);
      reduce.push(performance.now() - t);
      if (replayed !== count) throw new Error(`replayed ${replayed} events`);
      await storage.close();
      console.log(
        `run ${r}: open ${fmt(open.at(-1) ?? 0)} ms, read+parse ${fmt(read.at(-1) ?? 0)} ms, ` +
          `read+parse+reduce ${fmt(reduce.at(-1) ?? 0)} ms`,
      );
    }
    // The heap now holds the replayed state and the process (code, SQLite's wrapper, the append
    // sample): what a server holds after its start-up replay. The day's generated events are gone.
    const heap = heapAfterGc();
    const queues = held.state?.queues.size ?? 0;
    const extensions = held.state?.extensions.size ?? 0;
    held.state = undefined;
    const stateBytes = heap - heapAfterGc();
    const heapRow = canCollect
      ? `${mb(heap)} after GC, of which the replayed state ${mb(stateBytes)}`
      : `${mb(heap)} (no --expose-gc: garbage included)`;
    console.log(`replayed state: ${queues} queues, ${fmt(extensions)} extensions; heap ${heapRow}`);
    rows.push([`heap after the replay (${fmt(count)} events)`, heapRow]);
    // The reducer's share: the same chunks from memory, no storage involved. The events are read
    // back from the journal (as parsed there) only now, after the heap reading.
    storage = openStorage({ dataDir });
    const events = [...storage.journal.eventsReceivedSince(from)];
    await storage.close();
    const reduceOnly: number[] = [];
    for (let r = 1; r <= RUNS; r++) {
      t = performance.now();
      let state = initialState(BENCH_SETTINGS, startAt);
      for (let i = 0; i < events.length; i += CHUNK) state = reduceAll(state, events.slice(i, i + CHUNK));
      reduceOnly.push(performance.now() - t);
    }
    // --- restart from a checkpoint (replayCheckpoint.ts), over the same events read back -----------
    const perEntry = option('per-entry', 1);
    if (!process.argv.includes('--no-checkpoint'))
      rows.push(...(await checkpointBench({ dataDir, events, startAt, from, perEntry })));
    events.length = 0;
    const endToEnd = median(open) + median(reduce);
    rows.push([
      `(a) eventsReceivedSince: read + parse ${fmt(count)} events`,
      `${fmt(median(read))} ms (${fmt(count / (median(read) / 1000))} events/s)`,
    ]);
    rows.push([`(b) read + parse + reduceAll in chunks of ${fmt(CHUNK)}`, `${fmt(median(reduce))} ms`]);
    rows.push([`(c) reduceAll alone, same chunks from memory (no storage)`, `${fmt(median(reduceOnly))} ms`]);
    rows.push([
      'replay end to end (open + b)',
      `${fmt(endToEnd)} ms (${endToEnd <= TARGET_MS ? 'meets' : 'misses'} the ${fmt(TARGET_MS)} ms target)`,
    ]);

    // --- append -------------------------------------------------------------------------------
    for (const mode of ['full', 'normal'] as const) {
      const r = await appendBench(join(root, `append-${mode}`), mode, sample, appends, startAt);
      console.log(`append ${mode}: ${fmt(r.perSecond)} entries/s, ${fmt(r.commits)} commits`);
      rows.push([
        `append, ${APPENDERS} concurrent, synchronous=${mode} (${fmt(appends)} webhook entries)`,
        `${fmt(r.perSecond)} entries/s; p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
      ]);
    }

    // --- prune --------------------------------------------------------------------------------
    storage = openStorage({ dataDir });
    t = performance.now();
    const removed = storage.prune(lastAt + 9 * 86_400_000, DEFAULT_RETENTION);
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
