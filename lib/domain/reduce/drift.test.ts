import { describe, expect, it } from 'vitest';
import { stateFrom } from '../../testing/support';
import type { DriftCounts, QueueChecked } from '../events';
import { reduce, reduceAll, rollDay } from '../reduce';
import { sourceCheck } from './drift';

/** Drift (docs/metrics.md, "Drift"): today's differences per source, from journaled self-checks. */
const DAY = Date.UTC(2026, 0, 15, 9, 0); // London winter: local = UTC
const HOUR = 3600_000;
const check = (at: number, differences: DriftCounts, source = 'pbx'): QueueChecked => ({
  type: 'queueChecked',
  source,
  origin: 'portsip-wsi',
  tenant: 't',
  at,
  atArrival: true,
  queue: { tenant: 't', number: '8001' },
  via: 'snapshot',
  differences,
});
const none = { waitingCaller: 0, agentState: 0 };

describe('queueChecked', () => {
  it('adds each check’s differences to its source’s counts for today, by kind', () => {
    const s = stateFrom(
      [
        check(DAY, none),
        check(DAY + 1000, { waitingCaller: 1, agentState: 0 }),
        check(DAY + 2000, { waitingCaller: 0, agentState: 2 }),
        check(DAY + 3000, { waitingCaller: 5, agentState: 5 }, 'other'),
      ],
      DAY,
    );
    expect(sourceCheck(s, 'pbx')).toEqual({
      lastCheckedAt: DAY + 2000,
      differencesToday: { waitingCaller: 1, agentState: 2 },
    });
    expect(sourceCheck(s, 'other')?.differencesToday).toEqual({ waitingCaller: 5, agentState: 5 });
    expect(sourceCheck(s, 'never')).toBeNull();
  });

  it('is the server’s word: no news from the source, nothing it feeds', () => {
    const s = stateFrom([check(DAY, { waitingCaller: 1, agentState: 0 })], DAY);
    expect(s.sources.pbx).toBeUndefined();
    expect(s.sourceScopes?.pbx).toBeUndefined();
  });

  it('a replay of the journal gives the same counts as the live run, event by event or batched', () => {
    const events = [
      check(DAY, { waitingCaller: 1, agentState: 0 }),
      check(DAY + 5000, { waitingCaller: 0, agentState: 1 }),
    ];
    const live = events.reduce(reduce, stateFrom([], DAY));
    const replayed = reduceAll(stateFrom([], DAY), events);
    expect(sourceCheck(replayed, 'pbx')).toEqual(sourceCheck(live, 'pbx'));
  });

  it('starts again from zero when the day rolls, keeping when the last check was', () => {
    const yesterday = stateFrom([check(DAY, { waitingCaller: 3, agentState: 1 })], DAY);
    // The day rolls with the next event of the new day (or the hub's timer: rollDay).
    const tomorrow = DAY + 24 * HOUR;
    const rolled = reduce(yesterday, { ...check(tomorrow, none), source: 'elsewhere' });
    expect(sourceCheck(rolled, 'pbx')).toEqual({ lastCheckedAt: DAY, differencesToday: none });
    const next = reduce(rolled, check(tomorrow + 1000, { waitingCaller: 0, agentState: 1 }));
    expect(sourceCheck(next, 'pbx')?.differencesToday).toEqual({ waitingCaller: 0, agentState: 1 });
  });

  it('reads zero after the hub’s day timer rolls the day (rollDay), with no work in it', () => {
    const s = stateFrom([check(DAY, { waitingCaller: 3, agentState: 1 })], DAY);
    const rolled = rollDay(s, DAY + 24 * HOUR);
    expect(sourceCheck(rolled, 'pbx')).toEqual({ lastCheckedAt: DAY, differencesToday: none });
  });

  it('a check of an earlier day (the journal’s look-back) counts nothing today', () => {
    const s = stateFrom([check(DAY, none), check(DAY - 12 * HOUR, { waitingCaller: 2, agentState: 2 })], DAY);
    expect(sourceCheck(s, 'pbx')).toEqual({ lastCheckedAt: DAY, differencesToday: none });
  });
});
