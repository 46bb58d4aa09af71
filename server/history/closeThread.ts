import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { Settings } from '../../lib/domain/state';
import { createCheckpointStore } from '../storage/checkpoints';
import { connectDatabase } from '../storage/database';
import { createHistoryStore, type HowClosed } from '../storage/history';
import { createJournalDays } from '../storage/journalDays';
import type { LiveWritten, RebuildPhases, Rebuilt } from './dayWork';
import { type BoardTotals, queuesAgainstBoard } from './liveCheck';

/**
 * The day-close thread (started by dayWork.ts onCloseThread): replays a day from the journal (from
 * the day's restart checkpoint and the journal after it, when one is usable: dayCheckpoint.ts), makes
 * all of its rows (queues per 15 minutes and per day, agents per day and per quarter) and writes them
 * through its own connection to the database file in one transaction, so neither the replay, nor the
 * walks of the day's visits, nor the write runs on the main thread's event loop. The same for a live
 * close at the roll (the main thread only asks: the closing day's start, its settings and the board's
 * queue counters to check against), a missed day at start and a recount. Jobs run one at a time, in
 * the order sent, as the main thread's closer sends them.
 */
export type ToCloseThread =
  | {
      readonly t: 'rebuild';
      readonly id: number;
      readonly settings: Settings;
      readonly dayStart: number;
      readonly how: Exclude<HowClosed, 'live'>;
      readonly at: number;
    }
  | {
      readonly t: 'write';
      readonly id: number;
      readonly closed: ClosedDay;
      readonly how: HowClosed;
      readonly at: number;
    }
  | {
      /** The live close: the closing day replayed here, all its rows made here, written as 'live'. */
      readonly t: 'live';
      readonly id: number;
      /** The settings the day was reduced under (the closing state's). */
      readonly settings: Settings;
      readonly dayStart: number;
      /** The board's queue counters at the roll: the close names the queues the journal disagrees on. */
      readonly board: BoardTotals;
      readonly at: number;
    }
  | { readonly t: 'close' };

export type FromCloseThread =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string };

if (!parentPort) throw new Error('closeThread.ts runs as a worker thread');
const port = parentPort;
const { path, startedAt } = workerData as { readonly path: string; readonly startedAt: number };
// How long the thread took to boot (tsx, these modules): on the process-wide clock both threads read.
const bootMs = performance.timeOrigin + performance.now() - startedAt;
// The main thread created and migrated the database and keeps its connection open: only SQLite opens
// the file here (connectDatabase says why).
const db = connectDatabase(path, 'full');
const history = createHistoryStore(db);
const journal = createJournalDays(db);
// Read only (a past day's checkpoint); the main thread's checkpoint writer writes them.
const checkpoints = createCheckpointStore({ db, synchronous: 'full', writer: 'inline' });

// The replay's modules (the reducer is most of them): every close replays the day now, the live one
// at midnight included. Loaded by the first close, or a minute after the thread started if none came
// (not at once: the server's own start-up, today's replay, has the cores then), so that the roll does
// not wait for them. A failure surfaces in the close that needs them.
type ReplayModules = [
  typeof import('./replayDay'),
  typeof import('./dayCheckpoint'),
  typeof import('../../lib/domain/closedDay'),
];
let loading: Promise<ReplayModules> | null = null;
const replayModules = (): Promise<ReplayModules> =>
  (loading ??= Promise.all([
    import('./replayDay'),
    import('./dayCheckpoint'),
    import('../../lib/domain/closedDay'),
  ]));
setTimeout(() => replayModules().catch(() => {}), 60_000).unref();

async function run(m: Exclude<ToCloseThread, { t: 'close' }>): Promise<unknown> {
  if (m.t === 'write') {
    history.writeDay(m.closed, m.how, m.at);
    return undefined;
  }
  // Where a rebuild's time goes (logged with 'history written'; npm run bench:dayclose prints it).
  const t0 = performance.now();
  // Loaded a minute after the thread started (replayModules); at a start-up close, loaded now.
  const [{ replayDayStateAtOnce }, { dayCheckpoint }, { rebuiltDayOf }] = await replayModules();
  // From the day's checkpoint and the journal after it when one is usable, else the whole day.
  const skipped: { id: number; reason: string }[] = [];
  const t1 = performance.now();
  const from = dayCheckpoint(checkpoints, m.settings, m.dayStart, (id, reason) =>
    skipped.push({ id, reason }),
  );
  const t2 = performance.now();
  const state = replayDayStateAtOnce(journal, m.settings, m.dayStart, from);
  const t3 = performance.now();
  // Queues, agents and the agents' quarters of that state, one walk of the calls for missed offers.
  const closed = rebuiltDayOf(state);
  const t4 = performance.now();
  await history.writeDay(closed, m.t === 'live' ? 'live' : m.how, m.at);
  const phases: RebuildPhases = {
    bootMs: Math.round(bootMs),
    importMs: Math.round(t1 - t0),
    checkpointMs: Math.round(t2 - t1),
    replayMs: Math.round(t3 - t2),
    figuresMs: Math.round(t4 - t3),
    writeMs: Math.round(performance.now() - t4),
  };
  const rebuilt: Rebuilt = {
    day: closed.day,
    queues: closed.queues.length,
    checkpoint: from?.id ?? null,
    skipped,
    phases,
  };
  if (m.t !== 'live') return rebuilt;
  return {
    ...rebuilt,
    quarters: closed.agentQuarters?.length ?? 0,
    disagreeing: queuesAgainstBoard(m.board, closed),
  } satisfies LiveWritten;
}

// One job at a time, in the order sent (a close after the jobs before it).
let turn: Promise<unknown> = Promise.resolve();
port.on('message', (m: ToCloseThread) => {
  turn = turn.then(async () => {
    if (m.t === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      port.postMessage({ id: m.id, result: await run(m) } satisfies FromCloseThread);
    } catch (err) {
      port.postMessage({
        id: m.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies FromCloseThread);
    }
  });
});
