import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { agentQuartersOf } from '../../lib/domain/agentQuarters';
import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../../lib/domain/checkpoint';
import { closingDayOf, rebuiltDayOf } from '../../lib/domain/closedDay';
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
import { onCloseThread } from './dayWork';

/**
 * The live close's agent quarters are made on the day-close thread, not at the roll on the main
 * thread: the main thread's part (closingDayOf) makes none, and the thread writes, with the board's
 * day rows, the quarters of the closing day replayed from its newest checkpoint and the journal after
 * it, equal to the board's own. Where the journal lacks what the board applied, the quarters follow
 * the journal and the close says which rows disagree. Real SQLite files, a real worker thread.
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

async function journaled(events: readonly DomainEvent[]): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-livequarters-'));
  const storage = openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal', logger: silent });
  cleanups.push(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
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

function closerOn(storage: Storage, logger = silent, settled?: () => Promise<unknown>) {
  const work = onCloseThread({ path: storage.path, now: () => window.end, logger: silent });
  cleanups.unshift(() => work.close());
  const closer = createDayCloser({
    history: storage.history,
    journal: storage.journalDays,
    settings: () => BENCH_SETTINGS,
    now: () => window.end,
    journalDays: 30,
    logger,
    work,
    settled,
  });
  return { work, closer };
}

describe("the live close's agent quarters", () => {
  it('are not made by the main thread’s part of the close (only a rebuilt day has them)', () => {
    const quarters = agentQuartersOf(closing);
    expect(quarters.length).toBeGreaterThan(50);
    expect(closingDayOf(closing).agentQuarters).toBeUndefined();
    expect(rebuiltDayOf(closing).agentQuarters).toEqual(quarters);
    expect(rebuiltDayOf(closing).agents).toEqual(closingDayOf(closing).agents);
  });

  it('are made on the day-close thread from the checkpoint and the journal after it, equal to the board’s', async () => {
    const storage = await journaled(ofDay);
    const id = await checkpointAfter(storage, Math.floor(ofDay.length * 0.7));
    const { work, closer } = closerOn(storage);
    const written = await work.writeLive(closing, closingDayOf(closing));
    expect(written).toEqual({
      quarters: agentQuartersOf(closing).length,
      checkpoint: id,
      skipped: [],
      disagreeing: [],
    });
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(agentQuartersOf(closing));
    // The whole live close through the closer: the board's day rows and the quarters, one day.
    await closer.closeLive(closing);
    const agents = storage.history.agentDays(window.start, window.end);
    expect(agents.map((a) => a.agent)).toEqual((closingDayOf(closing).agents ?? []).map((a) => a.agent));
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(agentQuartersOf(closing));
    expect(storage.history.isClosed(window.day)).toBe(true);
  }, 60_000);

  it('are read from the journal once it holds what the board applied (the recorder settled)', async () => {
    // The last events were applied by the board and are still being written at the roll.
    const late = Math.floor(ofDay.length * 0.95);
    const storage = await journaled(ofDay.slice(0, late));
    const settled = async () => {
      for (const e of ofDay.slice(late))
        await storage.journal.append({ source: e.source, kind: e.origin, receivedAt: e.at, events: [e] });
    };
    const { closer } = closerOn(storage, silent, settled);
    await closer.closeLive(closing);
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(agentQuartersOf(closing));
  }, 60_000);

  it('follow the journal where it lacks the board’s events, and the close names the rows that disagree', async () => {
    // The journal lost one answered call (a live link's failed writes): the board still counts it.
    const lost = ofDay.find((e) => e.type === 'callerAnswered' && e.at > window.start + 3600_000);
    if (lost?.type !== 'callerAnswered') throw new Error('the seeded day has no answered call');
    const ofCall = (e: DomainEvent) => JSON.stringify(e).includes(`"${lost.sessionId}"`);
    const journal = ofDay.filter((e) => !ofCall(e));
    expect(ofDay.length - journal.length).toBeGreaterThan(1);
    const storage = await journaled(journal);
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const { closer } = closerOn(storage, logger);
    await closer.closeLive(closing);
    const fromJournal = reduceAll(initialState(BENCH_SETTINGS, window.start), journal);
    expect(agentQuartersOf(fromJournal)).not.toEqual(agentQuartersOf(closing));
    expect(storage.history.agentQuarters(window.start, window.end)).toEqual(agentQuartersOf(fromJournal));
    const warning = JSON.parse(lines.find((l) => l.includes('disagreeing')) ?? '{}');
    const agent = `${lost.queue.tenant}/${lost.agent}|${lost.queue.tenant}/${lost.queue.number}`;
    expect(warning.disagreeing).toContain(agent);
    expect(warning.count).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
