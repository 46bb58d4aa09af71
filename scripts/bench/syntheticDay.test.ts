import { describe, expect, it } from 'vitest';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { BENCH_TIMEZONE, syntheticDay } from './syntheticDay';

const small = { seed: 7, queues: 5, agentsPerQueue: 20, calls: 2_000 };
const settings = { timezone: BENCH_TIMEZONE, defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };

describe('syntheticDay', () => {
  const day = syntheticDay(small);

  it('is deterministic for a seed, and the seed matters', () => {
    expect(syntheticDay(small)).toEqual(day);
    expect(syntheticDay({ ...small, seed: 8 }).events).not.toEqual(day.events);
  });

  it('is sorted by time and lies within one Europe/London day', () => {
    const window = dayWindow(day.startAt, BENCH_TIMEZONE);
    for (let i = 1; i < day.events.length; i++) {
      const prev = day.events[i - 1]?.at ?? Number.NaN;
      const at = day.events[i]?.at ?? Number.NaN;
      expect(at >= prev, `event ${i} at ${at} before ${prev}`).toBe(true);
    }
    expect(day.events[0]?.at).toBeGreaterThanOrEqual(window.start);
    expect(day.events.at(-1)?.at).toBeLessThan(window.end);
  });

  it('has the shape the benchmark promises', () => {
    const queued = day.events.filter((e) => e.type === 'callerQueued');
    expect(queued).toHaveLength(small.calls);
    const extensions = new Set(
      day.events.flatMap((e) => (e.type === 'extensionRegistrationChanged' ? [e.extension.number] : [])),
    );
    expect(extensions.size).toBe(small.queues * small.agentsPerQueue);
    const types = new Set(day.events.map((e) => e.type));
    for (const t of ['callerAnswered', 'callerAbandoned', 'callerOverflowed', 'callbackScheduled'] as const) {
      expect(types.has(t), t).toBe(true);
    }
    expect(types.has('callDetailRecorded')).toBe(true);
    expect(types.has('slaBreachReported')).toBe(true);
  });

  it('reduces to figures that match what was generated', () => {
    const state = reduceAll(initialState(settings, day.startAt), day.events);
    const queues = [...state.queues.values()];
    expect(queues).toHaveLength(small.queues);
    const sum = { offered: 0, answered: 0, abandoned: 0, overflowed: 0, callbacks: 0 };
    for (const q of queues) {
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += q.today[k];
    }
    const count = (type: string) => day.events.filter((e) => e.type === type).length;
    expect(sum.offered).toBe(count('callerQueued'));
    expect(sum.answered + sum.abandoned + sum.overflowed + sum.callbacks).toBeLessThanOrEqual(sum.offered);
    expect(sum.answered).toBe(count('callerAnswered'));
    expect(sum.abandoned).toBe(count('callerAbandoned'));
    expect(sum.overflowed).toBe(count('callerOverflowed'));
    expect(sum.callbacks).toBe(count('callbackScheduled'));
    expect(state.extensions.size).toBe(small.queues * small.agentsPerQueue);
  });
});
