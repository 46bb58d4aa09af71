import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, QueueRef } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState } from '../../lib/domain/state';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { openStorage, type Storage } from '../storage';
import { createDayCloser } from './dayClose';
import { type DayWork, inThreadDayWork, onCloseThread } from './dayWork';

/**
 * The day-close thread does what the in-thread close does: the same rows for the start-up close of
 * missed days (replayed there from the journal, written through its own connection) and for a live
 * close (the rows of the day's last moment, written there, with the agents' quarters the thread makes
 * from the day replayed from the journal, equal to those the in-thread close makes from the state).
 */

const FIRST_DAY = Date.UTC(2026, 2, 28); // London, across the spring DST change
const DAYS = 3;
const silent = pino({ level: 'silent' });

/** A seeded, busy-enough set of calls over DAYS days and three queues, some waiting across midnight. */
function calls(): DomainEvent[] {
  let seed = 17;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const base = { source: 'wsi', origin: 'portsip-wsi', tenant: 't1' } as const;
  const events: DomainEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const queue: QueueRef = { tenant: 't1', number: `800${1 + rand(3)}` };
    const t0 = FIRST_DAY + rand(DAYS) * 86_400_000 + (i % 10 === 0 ? 86_340 + rand(60) : rand(86_400)) * 1000;
    const t1 = t0 + rand(120) * 1000;
    const sessionId = `s${i}`;
    events.push({
      ...base,
      type: 'callerQueued',
      at: t0,
      queue,
      caller: { sessionId, caller: `07${i}`, kind: 'normal', since: t0 },
    });
    events.push(
      rand(4) === 0
        ? { ...base, type: 'callerAbandoned', at: t1, queue, sessionId }
        : { ...base, type: 'callerAnswered', at: t1, queue, sessionId, agent: '101' },
    );
  }
  return events.sort((a, b) => a.at - b.at);
}

const opened: { storage: Storage; dir: string }[] = [];
afterEach(async () => {
  for (const { storage, dir } of opened.splice(0)) {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function journaled(events: readonly DomainEvent[]): Promise<Storage> {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-daywork-'));
  const storage = openStorage({ dataDir: dir, journalWriter: 'inline', logger: silent });
  opened.push({ storage, dir });
  await Promise.all(
    events.map((e) =>
      storage.journal.append({ source: 'wsi', kind: 'portsip-wsi', receivedAt: e.at, events: [e] }),
    ),
  );
  return storage;
}

/** Everything history holds for the simulated days, as rows. */
function rowsOf(storage: Storage) {
  const from = FIRST_DAY - 86_400_000;
  const to = FIRST_DAY + (DAYS + 1) * 86_400_000;
  return {
    days: storage.history.days(from, to),
    quarters: storage.history.quarters(from, to),
    hours: storage.history.hours(from, to, 0),
    closed: storage.history.closedDays(from, to),
    agents: storage.history.agentDays(from, to),
    agentQuarters: storage.history.agentQuarters(from, to),
  };
}

async function closeMissedWith(work: (storage: Storage, now: () => number) => DayWork) {
  const storage = await journaled(calls());
  const now = () => FIRST_DAY + DAYS * 86_400_000 + 3_600_000;
  const dayWork = work(storage, now);
  const closer = createDayCloser({
    history: storage.history,
    journal: storage.journalDays,
    settings: () => TEST_SETTINGS,
    now,
    journalDays: 30,
    logger: silent,
    work: dayWork,
  });
  const written = await closer.closeMissed();
  await dayWork.close();
  return { written, rows: rowsOf(storage) };
}

describe('day work on the day-close thread', () => {
  it('closes the missed days from the journal with the same rows as the in-thread close', async () => {
    const inThread = await closeMissedWith((s, now) =>
      inThreadDayWork({ history: s.history, journal: s.journalDays, now }),
    );
    const onThread = await closeMissedWith((s, now) => onCloseThread({ path: s.path, now, logger: silent }));
    expect(inThread.written).toHaveLength(DAYS);
    expect(inThread.rows.quarters.length).toBeGreaterThan(100);
    expect(onThread).toEqual(inThread);
  }, 60_000);

  it('writes a live close on the thread as the in-thread write does', async () => {
    const events = calls().filter((e) => e.at < FIRST_DAY + 86_400_000);
    const closing = reduceAll(initialState(TEST_SETTINGS, FIRST_DAY), events);
    const live = async (work: (s: Storage) => DayWork) => {
      // Journaled: on the thread, the agents' quarters come from the day replayed from the journal.
      const storage = await journaled(events);
      const dayWork = work(storage);
      const closer = createDayCloser({
        history: storage.history,
        journal: storage.journalDays,
        settings: () => TEST_SETTINGS,
        now: () => FIRST_DAY + 86_400_000,
        journalDays: 30,
        logger: silent,
        work: dayWork,
      });
      await closer.closeLive(closing);
      await dayWork.close();
      return rowsOf(storage);
    };
    const inThread = await live((s) =>
      inThreadDayWork({ history: s.history, journal: s.journalDays, now: () => 1 }),
    );
    const onThread = await live((s) => onCloseThread({ path: s.path, now: () => 1, logger: silent }));
    expect(inThread.quarters.length).toBeGreaterThan(50);
    expect(inThread.agentQuarters.length).toBeGreaterThan(0);
    expect(onThread).toEqual(inThread);
  }, 60_000);
});
