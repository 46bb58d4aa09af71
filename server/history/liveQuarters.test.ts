import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { agentQuartersOf } from '../../lib/domain/agentQuarters';
import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../../lib/domain/checkpoint';
import { rebuiltDayOf } from '../../lib/domain/closedDay';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { BENCH_SETTINGS } from '../../scripts/bench/cli';
import { syntheticDay } from '../../scripts/bench/syntheticDay';
import { encodeCheckpoint } from '../checkpoints';
import { openStorage, type Storage } from '../storage';
import { settingsHash } from '../storage/checkpoints';
import { createDayCloser } from './dayClose';
import { inThreadDayWork, onCloseThread } from './dayWork';
import { storedHistoryRows } from './testing/storedRows';

/**
 * The live close is made wholly on the day-close thread: the main thread hands over only the day, its
 * settings and the board's queue counters, and the thread replays the closing day from its newest
 * checkpoint and the journal after it, makes every row (queues per quarter, hour and day, agents per
 * day and per quarter) and writes them in one transaction: byte for byte the rows the main-thread
 * path makes from the board's state. Where the journal lacks what the board applied, the rows follow
 * the journal and the close names the queues that disagree. Real SQLite files, a real worker thread.
 */
const silent = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

const day = syntheticDay({ seed: 7, queues: 3, agentsPerQueue: 5, calls: 300 });
const window = dayWindow(day.startAt, BENCH_SETTINGS.timezone, BENCH_SETTINGS.dayStartsAt);
const ofDay = day.events.filter((e) => e.at < window.end);
/** The board's state at the day's last moment (every event arrived when it happened). */
const closing = reduceAll(initialState(BENCH_SETTINGS, window.start), ofDay);

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-liveclose-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function opened(dataDir: string): Storage {
  const storage = openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal', logger: silent });
  cleanups.unshift(() => storage.close());
  return storage;
}

async function journaled(events: readonly DomainEvent[]): Promise<Storage> {
  const storage = opened(tempDir());
  for (const e of events)
    await storage.journal.append({ source: e.source, kind: e.origin, receivedAt: e.at, events: [e] });
  return storage;
}

/** A restart checkpoint of the day after its first `n` events (journal rows 1..n). */
async function checkpointAfter(storage: Storage, n: number): Promise<number> {
  const state = reduceAll(initialState(BENCH_SETTINGS, window.start), ofDay.slice(0, n));
  await storage.checkpoints.write(
    {
      createdAt: 1,
      journalId: n,
      journalReceivedAt: (ofDay[n - 1] as DomainEvent).at,
      schemaVersion: STATE_SCHEMA_VERSION,
      settingsHash: settingsHash(reductionSettingsKey(BENCH_SETTINGS)),
      dayStart: window.start,
    },
    (await encodeCheckpoint(state)).parts,
  );
  return (storage.checkpoints.list()[0] as { id: number }).id;
}

function closerOn(
  storage: Storage,
  o: {
    logger?: pino.Logger;
    settled?: () => Promise<unknown>;
    inThread?: boolean;
  } = {},
) {
  const now = () => window.end;
  const work = o.inThread
    ? inThreadDayWork({ history: storage.history, journal: storage.journalDays, now })
    : onCloseThread({ path: storage.path, now, logger: silent });
  cleanups.unshift(() => work.close());
  const closer = createDayCloser({
    history: storage.history,
    journal: storage.journalDays,
    settings: () => BENCH_SETTINGS,
    now,
    journalDays: 30,
    logger: o.logger ?? silent,
    work,
    settled: o.settled,
  });
  return { work, closer };
}

describe('the live close on the day-close thread', () => {
  it('writes byte for byte the rows the main-thread path makes from the board’s state', async () => {
    const storage = await journaled(ofDay);
    const id = await checkpointAfter(storage, Math.floor(ofDay.length * 0.7));
    // The same journal and checkpoint, copied before either close writes.
    const otherDir = tempDir();
    copyFileSync(storage.path, join(otherDir, 'callboard.db'));
    const other = opened(otherDir);

    const { work } = closerOn(storage);
    const written = await work.writeLive(closing);
    const rebuilt = rebuiltDayOf(closing);
    expect(written).toMatchObject({
      day: window.day,
      queues: rebuilt.queues.length,
      quarters: agentQuartersOf(closing).length,
      checkpoint: id,
      skipped: [],
      disagreeing: [],
    });
    await work.close();

    const { closer } = closerOn(other, { inThread: true });
    await closer.closeLive(closing);

    const onThread = storedHistoryRows(storage.path);
    const mainThread = storedHistoryRows(other.path);
    expect(mainThread.history_agent_queue_quarters?.length).toBeGreaterThan(50);
    expect(mainThread.history_agent_days?.length).toBeGreaterThan(5);
    expect(mainThread.history_quarters?.length).toBeGreaterThan(20);
    expect(mainThread.history_closed).toHaveLength(1);
    expect(onThread).toEqual(mainThread);
  }, 60_000);

  it('hands the thread no rows: the main thread’s message is the day, its settings and the queue counters', async () => {
    const storage = await journaled(ofDay);
    const posted: unknown[] = [];
    const work = onCloseThread({ path: storage.path, now: () => window.end, logger: silent });
    cleanups.unshift(() => work.close());
    // What crosses to the thread: measured by what the structured clone carries.
    const { serialize } = await import('node:v8');
    const original = (await import('node:worker_threads')).Worker.prototype.postMessage;
    (await import('node:worker_threads')).Worker.prototype.postMessage = function (
      this: unknown,
      m: unknown,
    ) {
      posted.push(m);
      return original.call(this, m);
    };
    try {
      await work.writeLive(closing);
    } finally {
      (await import('node:worker_threads')).Worker.prototype.postMessage = original;
    }
    const live = posted.find((m) => (m as { t?: string }).t === 'live') as Record<string, unknown>;
    expect(Object.keys(live).sort()).toEqual(['at', 'board', 'dayStart', 'id', 'settings', 't']);
    // A few kB for three queues' counters and the settings, against the day's rows.
    expect(serialize(live).length).toBeLessThan(serialize(rebuiltDayOf(closing)).length / 20);
  }, 60_000);

  it('reads the journal once it holds what the board applied (the recorder settled)', async () => {
    // The last events were applied by the board and are still being written at the roll.
    const late = Math.floor(ofDay.length * 0.95);
    const storage = await journaled(ofDay.slice(0, late));
    const settled = async () => {
      for (const e of ofDay.slice(late))
        await storage.journal.append({ source: e.source, kind: e.origin, receivedAt: e.at, events: [e] });
    };
    const { closer } = closerOn(storage, { settled });
    await closer.closeLive(closing);
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(agentQuartersOf(closing));
    expect(storage.history.agentDays(window.start, window.end).map((a) => a.agent)).toEqual(
      (rebuiltDayOf(closing).agents ?? []).map((a) => a.agent),
    );
  }, 60_000);

  it('follows the journal where it lacks the board’s events, and names the queues that disagree', async () => {
    // The journal lost one answered call (a live link's failed writes): the board still counts it.
    const lost = ofDay.find((e) => e.type === 'callerAnswered' && e.at > window.start + 3600_000);
    if (lost?.type !== 'callerAnswered') throw new Error('the seeded day has no answered call');
    const ofCall = (e: DomainEvent) => JSON.stringify(e).includes(`"${lost.sessionId}"`);
    const journal = ofDay.filter((e) => !ofCall(e));
    expect(ofDay.length - journal.length).toBeGreaterThan(1);
    const storage = await journaled(journal);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const { closer } = closerOn(storage, { logger });
    await closer.closeLive(closing);
    const fromJournal = rebuiltDayOf(reduceAll(initialState(BENCH_SETTINGS, window.start), journal));
    const queue = `${lost.queue.tenant}/${lost.queue.number}`;
    const of = (q: string, c: { queues: readonly { queue: string; today: { answered: number } }[] }) =>
      c.queues.find((x) => x.queue === q)?.today.answered;
    expect(of(queue, fromJournal)).toBe((of(queue, rebuiltDayOf(closing)) ?? 0) - 1);
    expect(
      storage.history.days(window.start, window.end).find((r) => r.queue === queue)?.figures.answered,
    ).toBe(of(queue, fromJournal));
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(fromJournal.agentQuarters);
    const warning = JSON.parse(lines.find((l) => l.includes('disagreeing')) ?? '{}');
    expect(warning.disagreeing).toEqual([queue]);
    expect(warning.count).toBe(1);
  }, 60_000);
});
