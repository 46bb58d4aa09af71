import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { initialState } from '../../lib/domain/state';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { openStorage, type Storage } from '../storage';
import { createDayStates, DayUnavailable } from './dayStates';

const DAY = Date.UTC(2026, 0, 5); // London = UTC in January
const H = 3600_000;

let dir: string;
let storage: Storage;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callboard-day-states-'));
  storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
  const queued: DomainEvent = {
    type: 'callerQueued',
    source: 'wsi',
    origin: 'portsip-wsi',
    tenant: 't',
    at: DAY + 9 * H,
    queue: { tenant: 't', number: '8001' },
    caller: { sessionId: 's1', kind: 'normal', since: DAY + 9 * H },
  };
  await storage.journal.append({
    source: 'wsi',
    kind: 'portsip-wsi',
    receivedAt: DAY + 9 * H,
    events: [queued],
  });
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof DayUnavailable ? [err.status, err.message] : err),
  );

describe('a day’s state for the call list', () => {
  const now = DAY + 2 * 86_400_000 + 10 * H;
  const live = initialState(TEST_SETTINGS, now);
  const days = (journalDays = 7) =>
    createDayStates({ journal: storage.asyncJournalDays, live: () => live, now: () => now, journalDays });

  it('today is the live state; a closed day is rebuilt from the journal', async () => {
    expect(await days().stateOf('2026-01-07')).toBe(live);
    const past = await days().stateOf('2026-01-05');
    expect(past.day.day).toBe('2026-01-05');
    expect([...past.visits.values()].map((v) => v.callId)).toEqual(['s1']);
  });

  it('refuses a day not started, a day the journal no longer holds, a bad day: with the reason', async () => {
    expect(await refusal(days().stateOf('2026-01-08'))).toEqual([404, '2026-01-08 has not started yet']);
    expect(await refusal(days(1).stateOf('2026-01-05'))).toEqual([
      404,
      expect.stringContaining('no longer (or not) in the journal, which keeps 1 days'),
    ]);
    expect(await refusal(days().stateOf('2026-13-01'))).toEqual([400, expect.stringContaining('day:')]);
  });

  it('rebuilds one past day at a time: a second asker meanwhile gets 429, and may ask again after', async () => {
    const d = days();
    const first = d.stateOf('2026-01-05');
    expect(await refusal(d.stateOf('2026-01-06'))).toEqual([429, expect.stringContaining('try again')]);
    await first;
    expect((await d.stateOf('2026-01-06')).day.day).toBe('2026-01-06');
  });
});
