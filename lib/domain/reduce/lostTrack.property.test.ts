import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callStream, DAY_START, KNOWN_QUEUES } from '../../testing/callStreams';
import { TEST_SETTINGS } from '../../testing/support';
import { wsiCallStream } from '../../testing/wsiCalls';
import type { DomainEvent, TrackLost } from '../events';
import { reduce, reduceAll } from '../reduce';
import { initialState } from '../state';

const NOW = DAY_START + 12 * 3600_000;

/** A day's calls of every source with the server's lost-track facts put anywhere among them. */
const withLostTrack = fc
  .tuple(callStream, wsiCallStream)
  .map(([legs, wsi]) => [...legs, ...wsi] as DomainEvent[])
  .chain((events) => {
    const sources = [...new Set(events.map((e) => e.source))];
    const fact = fc.record({
      source: fc.constantFrom(...sources),
      reason: fc.constantFrom<TrackLost['reason']>('resynced', 'bound'),
      quietSince: fc.integer({ min: DAY_START, max: DAY_START + 10 * 3600_000 }),
      position: fc.nat({ max: events.length }),
    });
    return fc.array(fact, { maxLength: 6 }).map((facts) => {
      const out = [...events];
      for (const f of facts) {
        const lost: TrackLost = {
          type: 'trackLost',
          source: f.source,
          origin: 'portsip-wsi',
          at: f.quietSince + 60_000,
          atArrival: true,
          reason: f.reason,
          quietSince: f.quietSince,
        };
        out.splice(f.position, 0, lost);
      }
      return out;
    });
  });

describe('lost track on replay', () => {
  it('a replay (one batch) gives the live run’s (one event at a time) figures, calls and visits; counts stay sound', () => {
    let closed = 0;
    fc.assert(
      fc.property(withLostTrack, (events) => {
        const start = reduceAll(initialState(TEST_SETTINGS, NOW), KNOWN_QUEUES);
        const live = events.reduce(reduce, start);
        const replayed = reduceAll(start, events);
        expect([...replayed.queues.values()].map((q) => q.today)).toEqual(
          [...live.queues.values()].map((q) => q.today),
        );
        expect(replayed.calls.toJS()).toEqual(live.calls.toJS());
        expect(replayed.visits.toJS()).toEqual(live.visits.toJS());
        for (const q of replayed.queues.values()) {
          const t = q.today;
          for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
          closed += t.lostTrack;
          expect(t.answered + t.abandoned + t.overflowed + t.callbacks + t.lostTrack).toBeLessThanOrEqual(
            t.offered,
          );
        }
      }),
      { seed: 20261207, numRuns: 100 },
    );
    // The facts did close stays (the property is not vacuous).
    expect(closed).toBeGreaterThan(0);
  }, 60_000);
});
