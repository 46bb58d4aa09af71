import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../../lib/domain/checkpoint';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { BENCH_SETTINGS } from '../../scripts/bench/cli';
import { syntheticDay } from '../../scripts/bench/syntheticDay';
import { encodeCheckpoint } from '../checkpoints';
import { REPLAY_LOOKBACK_MS } from '../recorder';
import { mulberry32 } from '../simulator/random';
import { openStorage, type Storage } from '../storage';
import { settingsHash } from '../storage/checkpoints';
import { dayCheckpoint } from './dayCheckpoint';
import { inThreadDayWork, onCloseThread } from './dayWork';
import { replayDayAtOnce } from './replayDay';

/**
 * The close of a past day from its restart checkpoint plus the journal after it is the close of the
 * whole day's replay, field for field (agent rows too), wherever in the day the checkpoint stands;
 * a checkpoint that must not stand for the day (other settings, another day, rows received after
 * the day ended) is not used. Real SQLite files, real checkpoint rows.
 */
const DAY_MS = 86_400_000;
const silent = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

/** A seeded day and the first events of the next (the roll the close stops at), one journal row each. */
function seededDays(seed: number) {
  const day = syntheticDay({ seed, queues: 4, agentsPerQueue: 6, calls: 250 });
  const next = day.events.slice(0, 60).map((e) => shifted(e, DAY_MS));
  const events = [...day.events, ...next];
  return { events, window: dayWindow(day.startAt, BENCH_SETTINGS.timezone, BENCH_SETTINGS.dayStartsAt) };
}

function shifted(e: DomainEvent, by: number): DomainEvent {
  return JSON.parse(JSON.stringify(e), (k, v) =>
    (k === 'at' || k === 'since') && typeof v === 'number' ? v + by : v,
  ) as DomainEvent;
}

async function journaled(events: readonly DomainEvent[]): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-daycheckpoint-'));
  const storage = openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal', logger: silent });
  cleanups.push(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  // One row per event, in order: row id i + 1 holds events[i].
  for (const e of events)
    await storage.journal.append({ source: e.source, kind: e.origin, receivedAt: e.at, events: [e] });
  return storage;
}

/** The state a server that replayed the day's journal holds at row `position` (as a restart would). */
function stateAt(events: readonly DomainEvent[], window: { start: number; end: number }, position: number) {
  const from = window.start - REPLAY_LOOKBACK_MS;
  const held = events.slice(0, position).filter((e) => e.at >= from && e.at < window.end);
  return reduceAll(initialState(BENCH_SETTINGS, window.start), held);
}

/** Store `state` as the checkpoint a server writes at journal row `position`. */
async function checkpoint(
  storage: Storage,
  events: readonly DomainEvent[],
  state: DomainState,
  position: number,
  columns: { settings?: Settings; dayStart?: number } = {},
) {
  const encoded = await encodeCheckpoint(state);
  await storage.checkpoints.write(
    {
      createdAt: 1,
      journalId: position,
      journalReceivedAt: (events[position - 1] as DomainEvent).at,
      schemaVersion: STATE_SCHEMA_VERSION,
      settingsHash: settingsHash(reductionSettingsKey(columns.settings ?? state.settings)),
      dayStart: columns.dayStart ?? state.day.start,
    },
    encoded.parts,
  );
  return (storage.checkpoints.list()[0] as { id: number }).id;
}

/** Rows of the day's last journal row received before its end (a clean shutdown late that day). */
const lastRowOfDay = (events: readonly DomainEvent[], end: number) =>
  events.findLastIndex((e) => e.at < end) + 1;

/** A checkpoint state that is not the journal's: an extra answered call in a queue the journal lacks. */
function poisoned(state: DomainState): DomainState {
  const at = state.day.start + 9 * 3600_000;
  const base = { source: 'bench', origin: 'portsip-wsi', tenant: 'bench-tenant' } as const;
  const queue = { tenant: 'bench-tenant', number: '9999' };
  return reduceAll(state, [
    {
      ...base,
      type: 'callerQueued',
      at,
      queue,
      caller: { sessionId: 'x', caller: '0', kind: 'normal', since: at },
    },
    { ...base, type: 'callerAnswered', at: at + 5000, queue, sessionId: 'x', agent: '101' },
  ]);
}

describe('closing a past day from its checkpoint', () => {
  it('gives the full replay’s ClosedDay exactly, for seeded days and checkpoint positions', async () => {
    for (const seed of [1, 2, 3]) {
      const { events, window } = seededDays(seed);
      const storage = await journaled(events);
      const full = replayDayAtOnce(storage.journalDays, BENCH_SETTINGS, window.start);
      expect(full.agents?.length).toBeGreaterThan(5);
      expect(full.queues.length).toBe(4);
      const rand = mulberry32(seed);
      const last = lastRowOfDay(events, window.end);
      for (const position of [1, Math.floor(rand() * last) + 1, Math.floor(rand() * last) + 1, last]) {
        await checkpoint(storage, events, stateAt(events, window, position), position);
        const from = dayCheckpoint(storage.checkpoints, BENCH_SETTINGS, window.start);
        expect(from?.journalId, `seed ${seed}, position ${position}`).toBe(position);
        expect(replayDayAtOnce(storage.journalDays, BENCH_SETTINGS, window.start, from)).toEqual(full);
      }
    }
  }, 120_000);

  it('is used by the day-close thread, which writes the same rows as the full replay', async () => {
    const { events, window } = seededDays(4);
    const storage = await journaled(events);
    const now = () => window.end + 3600_000;
    const rows = () => ({
      quarters: storage.history.quarters(window.start, window.end),
      days: storage.history.days(window.start, window.end),
      agents: storage.history.agentDays(window.start, window.end),
    });
    await inThreadDayWork({ history: storage.history, journal: storage.journalDays, now }).rebuild(
      BENCH_SETTINGS,
      window.start,
      'startup',
    );
    const fullRows = rows();
    const position = Math.floor(lastRowOfDay(events, window.end) * 0.8);
    const id = await checkpoint(storage, events, stateAt(events, window, position), position);
    const work = onCloseThread({ path: storage.path, now, logger: silent });
    cleanups.unshift(() => work.close());
    const rebuilt = await work.rebuild(BENCH_SETTINGS, window.start, 'startup');
    expect(rebuilt.checkpoint).toBe(id);
    expect(rows()).toEqual(fullRows);
    expect(fullRows.quarters.length).toBeGreaterThan(20);
  }, 60_000);

  it('starts from the checkpoint’s state, not the journal’s start (a state unlike the journal shows)', async () => {
    const { events, window } = seededDays(5);
    const storage = await journaled(events);
    const position = lastRowOfDay(events, window.end) - 10;
    await checkpoint(storage, events, poisoned(stateAt(events, window, position)), position);
    const from = dayCheckpoint(storage.checkpoints, BENCH_SETTINGS, window.start);
    const closed = replayDayAtOnce(storage.journalDays, BENCH_SETTINGS, window.start, from);
    expect(closed.queues.map((q) => q.queue)).toContain('bench-tenant/9999');
  }, 60_000);

  it('does not use a checkpoint of other settings, of another day, or holding rows received after the day', async () => {
    const { events, window } = seededDays(6);
    const storage = await journaled(events);
    const full = replayDayAtOnce(storage.journalDays, BENCH_SETTINGS, window.start);
    const last = lastRowOfDay(events, window.end);
    const state = poisoned(stateAt(events, window, last));
    const other: Settings = { ...BENCH_SETTINGS, defaults: { slaSeconds: 30, shortAbandonSeconds: 5 } };
    const refused = async (columns: Parameters<typeof checkpoint>[4], position = last) => {
      storage.checkpoints.clear();
      await checkpoint(storage, events, state, position, columns);
      const reasons: string[] = [];
      const from = dayCheckpoint(storage.checkpoints, BENCH_SETTINGS, window.start, (_, r) =>
        reasons.push(r),
      );
      expect(from).toBeNull();
      expect(replayDayAtOnce(storage.journalDays, BENCH_SETTINGS, window.start, from)).toEqual(full);
      return reasons[0];
    };
    expect(await refused({ settings: other })).toMatch(/other settings/);
    expect(await refused({ dayStart: window.start - DAY_MS })).toMatch(/another day/);
    // The first row of the next day: the state's columns say this day, but it holds a later row.
    expect(await refused({}, last + 1)).toMatch(/after the day ended/);
    // And a checkpoint taken under other settings is not used by a recount under these either.
    const recount = { ...BENCH_SETTINGS, timezone: 'Europe/Paris' };
    storage.checkpoints.clear();
    await checkpoint(storage, events, state, last);
    expect(dayCheckpoint(storage.checkpoints, recount, window.start)).toBeNull();
  }, 60_000);
});
