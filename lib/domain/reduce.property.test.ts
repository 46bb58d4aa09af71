import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callStream, DAY_START, disorderly, KNOWN_QUEUES } from '../testing/callStreams';
import { TEST_SETTINGS } from '../testing/support';
import { wsiCallStream } from '../testing/wsiCalls';
import type { DomainEvent } from './events';
import type { Figures } from './figures';
import { reduce, reduceAll } from './reduce';
import { type DomainState, initialState } from './state';

const NOW = DAY_START + 12 * 3600_000;
const SEED = 20261121;

function figures(state: DomainState) {
  const queues = Object.fromEntries(
    [...state.queues.entries()].map(([k, q]) => [
      k,
      { today: q.today, buckets: Object.fromEntries(q.buckets) },
    ]),
  );
  const agents = Object.fromEntries([...state.agentsToday.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const live = [...state.calls.values()]
    .filter((c) => c.phase !== 'ended')
    .map((c) => c.key)
    .sort();
  return { queues, agents, live, calls: calls(state) };
}

/** What a board shows of each call: its phase, its queues (the first named in the view), its answer. */
function calls(state: DomainState) {
  return Object.fromEntries(
    [...state.calls.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((c) => [c.key, { phase: c.phase, queues: c.queues, answeredAt: c.answeredAt }]),
  );
}

/** Every source's calls, and WSI calls seen on both its queue topics and cdr_events, in one day. */
const mixedStream = fc
  .tuple(callStream, wsiCallStream)
  .map(([legs, wsi]) => [...legs, ...wsi] as readonly DomainEvent[]);

const run = (events: readonly DomainEvent[]) =>
  reduceAll(initialState(TEST_SETTINGS, NOW), [...KNOWN_QUEUES, ...events]);

function negatives(state: DomainState): string[] {
  const bad: string[] = [];
  const check = (where: string, f: Figures) => {
    for (const [k, v] of Object.entries(f)) if (v < 0) bad.push(`${where}.${k}=${v}`);
  };
  for (const q of state.queues.values()) {
    check(`${q.key}.today`, q.today);
    for (const [b, f] of q.buckets) check(`${q.key}.bucket${b}`, f);
  }
  for (const [k, f] of state.agentsToday.entries()) check(`agent ${k}`, f);
  return bad;
}

describe('reduce: order and duplicates do not change the figures', () => {
  it('any duplication and reordering of a valid stream gives the clean stream’s figures and calls', () => {
    fc.assert(
      fc.property(
        mixedStream.chain((clean) => disorderly(clean).map((messy) => ({ clean, messy }))),
        ({ clean, messy }) => {
          expect(figures(run(messy))).toEqual(figures(run(clean)));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('no counter ever goes negative, after any event of a disorderly stream', () => {
    fc.assert(
      fc.property(mixedStream.chain(disorderly), (messy) => {
        let s = run([]);
        for (const e of messy) {
          s = reduce(s, e);
          expect(negatives(s)).toEqual([]);
        }
      }),
      { seed: SEED + 1, numRuns: 150 },
    );
  });

  it('offered equals the calls generated, and outcomes never exceed it', () => {
    fc.assert(
      fc.property(callStream, (clean) => {
        const s = run(clean);
        const calls = new Set<string>();
        for (const e of clean) {
          if ('callId' in e && e.callId !== undefined) calls.add(e.callId);
          if (e.type === 'callerQueued') calls.add(e.caller.sessionId);
        }
        const offered = [...s.queues.values()].reduce((n, q) => n + q.today.offered, 0);
        expect(offered).toBe(calls.size);
        for (const q of s.queues.values()) {
          const t = q.today;
          expect(t.answered + t.abandoned + t.overflowed + t.callbacks).toBeLessThanOrEqual(t.offered);
          expect(t.answeredWithinSla).toBeLessThanOrEqual(t.answered);
        }
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });
});

describe('reduceAll (a transient batch) agrees with reduce, one event at a time', () => {
  it('gives the same state, and leaves its input untouched', () => {
    fc.assert(
      fc.property(mixedStream.chain(disorderly), (messy) => {
        const start = reduceAll(initialState(TEST_SETTINGS, NOW), KNOWN_QUEUES);
        const before = JSON.stringify(figures(start));
        const stepwise = messy.reduce(reduce, start);
        const batched = reduceAll(start, messy);
        expect(figures(batched)).toEqual(figures(stepwise));
        expect(batched.visits.toJS()).toEqual(stepwise.visits.toJS());
        expect(batched.calls.toJS()).toEqual(stepwise.calls.toJS());
        expect(batched.extensions.toJS()).toEqual(stepwise.extensions.toJS());
        expect(JSON.stringify(figures(start))).toBe(before);
        // The batch's result is persistent again: a later change must not reach back into it.
        const newQueue = {
          ...(KNOWN_QUEUES[0] as DomainEvent),
          queue: { tenant: 'tenant-a', number: '9999' },
        };
        const after = reduce(batched, newQueue);
        expect(after.queues.has('tenant-a/9999')).toBe(true);
        expect(batched.queues.has('tenant-a/9999')).toBe(false);
      }),
      { seed: SEED + 3, numRuns: 200 },
    );
  });
});
