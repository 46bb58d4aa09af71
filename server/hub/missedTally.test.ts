import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { missedOffersOf } from '../../lib/domain/agentMissed';
import type { DomainEvent } from '../../lib/domain/events';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState } from '../../lib/domain/state';
import { callStream, DAY_START, disorderly, KNOWN_QUEUES } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createMissedTally } from './missedTally';

const plain = (o: { known: ReadonlySet<string>; counts: ReadonlyMap<string, number> }) => ({
  known: [...o.known].sort(),
  counts: Object.fromEntries([...o.counts].sort(([a], [b]) => a.localeCompare(b))),
});

describe('the live tally of missed offers', () => {
  it('after every batch, equals the full walk of the day (missedOffersOf), in order or shuffled with repeats', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(callStream, callStream.chain(disorderly)), { minLength: 1, maxLength: 8 }),
        (streams) => {
          const tally = createMissedTally();
          let state = reduceAll(initialState(TEST_SETTINGS, DAY_START), KNOWN_QUEUES);
          tally.update(state);
          for (const stream of streams) {
            const events = stream as DomainEvent[];
            // One publication per half of a call's facts: changes land between and within calls.
            const half = Math.ceil(events.length / 2);
            for (const batch of [events.slice(0, half), events.slice(half)]) {
              state = reduceAll(state, batch);
              const { offers } = tally.update(state);
              expect(plain(offers)).toEqual(plain(missedOffersOf(state)));
              compared += offers.counts.size;
            }
          }
        },
      ),
      { seed: 17, numRuns: 80 },
    );
    // Misses were there to compare, not only empty counts.
    expect(compared).toBeGreaterThan(0);
  });
});
