import fc from 'fast-check';
import { Map as IMap, Set as ISet, List, OrderedMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { callStream, DAY_START, disorderly, KNOWN_QUEUES } from '../testing/callStreams';
import { TEST_SETTINGS } from '../testing/support';
import { wsiCallStream } from '../testing/wsiCalls';
import { reductionSettingsKey, stateFromParts, stateFromPlain, stateParts, stateToPlain } from './checkpoint';
import type { DomainEvent } from './events';
import { reduceAll } from './reduce';
import { type DomainState, initialState } from './state';

const NOW = DAY_START + 12 * 3600_000;

/** Through the codec the server uses: structuredClone is v8.serialize + deserialize in one call. */
function roundTrip(state: DomainState, sliceEntries: number): DomainState {
  return stateFromParts([...stateParts(state, sliceEntries)].map((part) => structuredClone(part)));
}

const day = fc
  .tuple(callStream, wsiCallStream)
  .chain(([legs, wsi]) => disorderly([...KNOWN_QUEUES, ...legs, ...wsi]))
  .chain((events) =>
    fc.record({
      events: fc.constant(events as readonly DomainEvent[]),
      cut: fc.integer({ min: 0, max: events.length }),
      sliceEntries: fc.integer({ min: 1, max: 20 }),
    }),
  );

describe('checkpoint: state → parts → structured clone → state', () => {
  it('a day cut anywhere, checkpointed and resumed, ends field for field as the whole day replayed', () => {
    fc.assert(
      fc.property(day, ({ events, cut, sliceEntries }) => {
        const empty = initialState(TEST_SETTINGS, NOW);
        const full = reduceAll(empty, events);
        const saved = reduceAll(empty, events.slice(0, cut));
        const restored = roundTrip(saved, sliceEntries);
        expect(restored).toEqual(saved);
        expect(reduceAll(restored, events.slice(cut))).toEqual(full);
      }),
      { seed: 20261207, numRuns: 150 },
    );
  });

  it('brings back every kind of Immutable collection, at any depth, and keeps undefined fields', () => {
    const odd = {
      ...initialState(TEST_SETTINGS, NOW),
      extra: {
        nested: IMap({ a: IMap([[1, List([ISet(['x']), { deep: OrderedMap([['k', undefined]]) }])]]) }),
        native: new Map([['m', IMap({ z: 1 })]]),
        gap: undefined,
      },
    } as unknown as DomainState;
    const back = stateFromPlain(structuredClone(stateToPlain(odd))) as unknown as typeof odd;
    expect(back).toEqual(odd);
    const extra = (back as unknown as { extra: Record<string, unknown> }).extra;
    const nested = extra.nested as IMap<string, unknown>;
    const deep = (nested.getIn(['a', 1, 1]) as { deep: unknown }).deep;
    expect(OrderedMap.isOrderedMap(deep)).toBe(true);
    expect('gap' in extra).toBe(true);
  });

  it('refuses a class instance it could not bring back, rather than losing its prototype', () => {
    class Compact {
      constructor(readonly x: number) {}
    }
    const state = {
      ...initialState(TEST_SETTINGS, NOW),
      visits: IMap({ v: new Compact(1) }),
    } as unknown as DomainState;
    expect(() => [...stateParts(state)]).toThrow(/instance of Compact/);
  });

  it('the settings key ignores key order and absent fields, and sees every threshold', () => {
    const a = reductionSettingsKey({ timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } });
    const b = reductionSettingsKey({
      defaults: { shortAbandonSeconds: 5, slaSeconds: 20 },
      timezone: 'UTC',
      dayStartsAt: undefined,
    });
    expect(b).toBe(a);
    expect(
      reductionSettingsKey({ timezone: 'UTC', defaults: { slaSeconds: 30, shortAbandonSeconds: 5 } }),
    ).not.toBe(a);
    expect(
      reductionSettingsKey({
        timezone: 'UTC',
        dayStartsAt: '06:00',
        defaults: { slaSeconds: 20, shortAbandonSeconds: 5 },
      }),
    ).not.toBe(a);
  });
});
