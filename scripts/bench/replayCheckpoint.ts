import { performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import Database from 'better-sqlite3';
import pino from 'pino';
import { reductionSettingsKey, STATE_SCHEMA_VERSION, stateToPlain } from '../../lib/domain/checkpoint';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState } from '../../lib/domain/state';
import { encodeCheckpoint, startCheckpoints } from '../../server/checkpoints';
import { createHub } from '../../server/hub/hub';
import { resumeFromJournal } from '../../server/resume';
import { openStorage, type Storage } from '../../server/storage';
import { settingsHash } from '../../server/storage/checkpoints';
import { BENCH_SETTINGS, fmt, mb } from './cli';

/**
 * bench:replay, part 2: restart from a checkpoint (server/checkpoints.ts, server/resume.ts) on the
 * day that part 1 journaled. Target: ready ≤ 1 s from the start of replay.
 *
 * 1. Start-up with no checkpoint (resumeFromJournal: a full replay, the path a start took before).
 * 2. A checkpoint of the whole day, as the taker takes it: main-thread encode time (total, and the
 *    longest turn of the event loop, which is what other work waits for), size, thread write time;
 *    beside it, the one-shot v8.serialize of the whole state it avoids.
 * 3. Start-up from that checkpoint (nothing after it): open + load + decode.
 * 4. The stated worst case: a checkpoint of the day minus its busiest 5 minutes, then those 5
 *    minutes' events as the journal's tail (a crash just before the next checkpoint was due).
 */

const RUNS = 3;
const TAIL_MS = 5 * 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const silent = pino({ level: 'silent' });

/** The most events any `windowMs` of the day holds (events are in time order). */
export function busiestWindow(events: readonly DomainEvent[], windowMs: number): number {
  let most = 0;
  for (let lo = 0, hi = 0; hi < events.length; hi++) {
    while ((events[lo] as DomainEvent).at <= (events[hi] as DomainEvent).at - windowMs) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

function startUp(dataDir: string, now: number) {
  const t = performance.now();
  const storage = openStorage({ dataDir });
  const hub = createHub({ settings: BENCH_SETTINGS, now: () => now, epoch: 'bench', windowMs: 0 });
  const opened = performance.now();
  const resumed = resumeFromJournal({
    journal: storage.journal,
    checkpoints: storage.checkpoints,
    hub,
    now: () => now,
    logger: silent,
  });
  const done = performance.now();
  return { storage, hub, resumed, openMs: opened - t, resumeMs: done - opened };
}

/** `expectTail`: the events the start must replay; null: a full start (at least the day's `n`). */
async function measuredStarts(
  dataDir: string,
  now: number,
  label: string,
  n: number,
  expectTail: number | null,
) {
  let replayed = 0;
  const open: number[] = [];
  const resume: number[] = [];
  let checkpoint: number | null = null;
  for (let r = 1; r <= RUNS; r++) {
    const s = startUp(dataDir, now);
    open.push(s.openMs);
    resume.push(s.resumeMs);
    checkpoint = s.resumed.checkpoint?.id ?? null;
    // A full start-up also reads the look-back (the evening before): at least the day's events.
    if (expectTail === null ? s.resumed.events < n : s.resumed.events !== expectTail)
      throw new Error(`${label}: replayed ${s.resumed.events}, not ${expectTail ?? `≥ ${n}`}`);
    replayed = s.resumed.events;
    s.hub.stop();
    await s.storage.close();
    console.log(`${label} run ${r}: open ${fmt(s.openMs)} ms, resume ${fmt(s.resumeMs)} ms`);
  }
  return { open: median(open), resume: median(resume), checkpoint, replayed };
}

/** The id of today's `n`-th journal row (1-based): where a checkpoint of the first n entries stands. */
function rowPosition(storage: Storage, from: number, n: number): { id: number; receivedAt: number } {
  // A benchmark's own read of the file; the server never needs this position.
  const db = new Database(storage.path, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT id, received_at AS receivedAt FROM journal WHERE received_at >= ? ORDER BY id LIMIT 1 OFFSET ?',
      )
      .get(from, n - 1) as { id: number; receivedAt: number };
  } finally {
    db.close();
  }
}

export async function checkpointBench(o: {
  readonly dataDir: string;
  readonly events: readonly DomainEvent[];
  readonly startAt: number;
  readonly from: number;
  readonly perEntry: number;
}): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  const now = (o.events.at(-1) as DomainEvent).at + 60_000;
  const n = o.events.length;

  // 1. No checkpoint yet: the full replay.
  const full = await measuredStarts(o.dataDir, now, 'start-up, no checkpoint', n, null);
  rows.push([
    `start-up with no checkpoint: full replay, ${fmt(full.replayed)} events with the look-back (resumeFromJournal)`,
    `${fmt(full.resume)} ms (+ open ${fmt(full.open)} ms)`,
  ]);

  // 2. Take a checkpoint of the whole day, as the running server would.
  const s = startUp(o.dataDir, now);
  const logged: Record<string, number>[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void logged.push(JSON.parse(l)) });
  const taker = startCheckpoints({
    hub: s.hub,
    whenSettled: async (run) => run(),
    store: s.storage.checkpoints,
    now: () => now,
    logger,
    everyMs: 3_600_000,
    everyEvents: 10_000_000,
  });
  if (!(await taker.take('bench'))) throw new Error('checkpoint not taken');
  await taker.stop();
  const took = logged.find((l) => l.msg === ('checkpoint stored' as unknown as number)) as Record<
    string,
    number
  >;
  const day: DomainState = s.hub.state();
  let t = performance.now();
  const oneShot = serialize(stateToPlain(day)).byteLength;
  const oneShotMs = performance.now() - t;
  rows.push([
    `checkpoint of the whole day: encode on the main thread, in slices (total / longest turn)`,
    `${fmt(took.encodeMs ?? 0)} ms / ${fmt(took.longestTurnMs ?? 0)} ms; ${mb(took.bytes ?? 0)}; thread write ${fmt(took.writeMs ?? 0)} ms`,
  ]);
  rows.push([
    `(the same in one piece: stateToPlain + v8.serialize, one turn)`,
    `${fmt(oneShotMs)} ms; ${mb(oneShot)}`,
  ]);
  s.hub.stop();
  await s.storage.close();

  // 3. Start from it: nothing after it in the journal.
  const ready = await measuredStarts(o.dataDir, now, 'start-up from a checkpoint, no tail', n, 0);
  rows.push([
    `ready from a checkpoint of the whole day, empty tail (open + load + decode)`,
    `${fmt(ready.open + ready.resume)} ms (resume ${fmt(ready.resume)} ms)`,
  ]);

  // 4. Worst case: the day minus its busiest 5 minutes, then those events as the tail.
  const busiest = busiestWindow(o.events, TAIL_MS);
  const cutEntries = Math.floor((n - busiest) / o.perEntry);
  const cut = cutEntries * o.perEntry;
  t = performance.now();
  let state = initialState(BENCH_SETTINGS, o.startAt);
  for (let i = 0; i < cut; i += 5000) state = reduceAll(state, o.events.slice(i, Math.min(cut, i + 5000)));
  const storage = openStorage({ dataDir: o.dataDir });
  const encoded = await encodeCheckpoint(state);
  const position = rowPosition(storage, o.from, cutEntries);
  await storage.checkpoints.write(
    {
      createdAt: now,
      journalId: position.id,
      journalReceivedAt: position.receivedAt,
      schemaVersion: STATE_SCHEMA_VERSION,
      settingsHash: settingsHash(reductionSettingsKey(state.settings)),
      dayStart: state.day.start,
    },
    encoded.parts,
  );
  await storage.close();
  console.log(`worst-case checkpoint written in ${fmt(performance.now() - t)} ms`);
  const worst = await measuredStarts(
    o.dataDir,
    now,
    'start-up from a checkpoint + 5 busiest minutes',
    n,
    n - cut,
  );
  rows.push([
    `worst case: checkpoint + tail of the busiest 5 minutes (${fmt(n - cut)} events)`,
    `${fmt(worst.open + worst.resume)} ms (resume ${fmt(worst.resume)} ms) — ${worst.open + worst.resume <= 1000 ? 'meets' : 'misses'} the 1,000 ms target`,
  ]);
  return rows;
}
