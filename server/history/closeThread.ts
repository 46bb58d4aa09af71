import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { Settings } from '../../lib/domain/state';
import { createCheckpointStore } from '../storage/checkpoints';
import { connectDatabase } from '../storage/database';
import { createHistoryStore, type HowClosed } from '../storage/history';
import { createJournalDays } from '../storage/journalDays';
import type { LiveWritten, RebuildPhases } from './dayWork';

/**
 * The day-close thread (started by dayWork.ts onCloseThread): replays a past day from the journal
 * (from the day's restart checkpoint and the journal after it, when one is usable: dayCheckpoint.ts)
 * and writes its history through its own connection to the database file, so neither the replay nor
 * the write's transaction runs on the main thread's event loop. At a live close it replays the
 * closing day the same way for the agents' quarters (a walk of the day's visits the main thread
 * cannot hand over without copying them) and writes them with the board's day rows. Jobs run one at a time, in the order
 * sent, as the main thread's closer sends them.
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
      /** The live close: `closed` (queues, agents) plus the agents' quarters made here. */
      readonly t: 'live';
      readonly id: number;
      readonly closed: ClosedDay;
      /** The settings the day was reduced under (the closing state's). */
      readonly settings: Settings;
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

async function run(m: Exclude<ToCloseThread, { t: 'close' }>): Promise<unknown> {
  if (m.t === 'write') {
    history.writeDay(m.closed, m.how, m.at);
    return undefined;
  }
  // Where a rebuild's time goes (logged with 'history written'; npm run bench:dayclose prints it).
  const t0 = performance.now();
  // Loaded for a replay only: the reducer is most of the modules, and the thread waits idle all day.
  const [{ replayDayStateAtOnce }, { dayCheckpoint }, { rebuiltDayOf }] = await Promise.all([
    import('./replayDay'),
    import('./dayCheckpoint'),
    import('../../lib/domain/closedDay'),
  ]);
  const dayStart = m.t === 'live' ? m.closed.start : m.dayStart;
  // From the day's checkpoint and the journal after it when one is usable, else the whole day.
  const skipped: { id: number; reason: string }[] = [];
  const t1 = performance.now();
  const from = dayCheckpoint(checkpoints, m.settings, dayStart, (id, reason) => skipped.push({ id, reason }));
  const t2 = performance.now();
  const state = replayDayStateAtOnce(journal, m.settings, dayStart, from);
  const t3 = performance.now();
  const used = { checkpoint: from?.id ?? null, skipped };
  if (m.t === 'live') {
    // The day's rows are the board's (made on the main thread at the roll); only the quarters, a walk
    // of the day's visits, are made here, from the same day replayed. Written in one transaction.
    const { agentQuartersOf } = await import('../../lib/domain/agentQuarters');
    const { quartersAgainstDays } = await import('../../lib/domain/agentQuartersCheck');
    const agentQuarters = agentQuartersOf(state);
    history.writeDay({ ...m.closed, agentQuarters }, 'live', m.at);
    return {
      ...used,
      quarters: agentQuarters.length,
      disagreeing: quartersAgainstDays(agentQuarters, m.closed.agents ?? []),
    } satisfies LiveWritten;
  }
  const closed = rebuiltDayOf(state);
  const t4 = performance.now();
  history.writeDay(closed, m.how, m.at);
  const phases: RebuildPhases = {
    bootMs: Math.round(bootMs),
    importMs: Math.round(t1 - t0),
    checkpointMs: Math.round(t2 - t1),
    replayMs: Math.round(t3 - t2),
    figuresMs: Math.round(t4 - t3),
    writeMs: Math.round(performance.now() - t4),
  };
  return { day: closed.day, queues: closed.queues.length, ...used, phases };
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
