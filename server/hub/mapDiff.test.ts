import fc from 'fast-check';
import { Map as IMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { forEachChange, scanChanges } from './mapDiff';

type Op = { key: number; value: number | null };

/** Apply ops as the reducer does: sometimes one by one, sometimes inside one transient batch. */
function apply(m: IMap<string, number>, ops: readonly Op[], batch: boolean): IMap<string, number> {
  const step = (x: IMap<string, number>, o: Op) =>
    o.value === null ? x.delete(`k${o.key}`) : x.set(`k${o.key}`, o.value);
  if (!batch) return ops.reduce(step, m);
  return m.withMutations((t) => {
    for (const o of ops) step(t, o);
  });
}

const changes = (f: typeof scanChanges<string, number>, a: IMap<string, number>, b: IMap<string, number>) => {
  const out: string[] = [];
  f(a, b, (k, x, y) => out.push(`${k}:${x}:${y}`));
  return out.sort();
};

const ops = (maxKey: number) =>
  fc.array(
    fc.record({ key: fc.nat(maxKey), value: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 4 }) }),
    { maxLength: 300 },
  );

describe('forEachChange', () => {
  it('reports exactly the entries a full scan finds, for maps of any size and history', () => {
    fc.assert(
      fc.property(ops(5000), ops(5000), fc.boolean(), fc.boolean(), (first, second, b1, b2) => {
        const a = apply(IMap(), first, b1);
        const b = apply(a, second, b2);
        expect(changes(forEachChange, a, b)).toEqual(changes(scanChanges, a, b));
        expect(changes(forEachChange, b, a)).toEqual(changes(scanChanges, b, a));
      }),
      { numRuns: 300 },
    );
  });

  it('finds one change in a map of 100,000 without visiting the rest', () => {
    // The trie walk is in use (its self-check passed against this Immutable.js), not the scan.
    expect(forEachChange).not.toBe(scanChanges);
    const big = IMap<string, number>().withMutations((m) => {
      for (let i = 0; i < 100_000; i++) m.set(`call-${i}`, i);
    });
    const next = big.set('call-500', -1).set('call-new', 7).delete('call-9');
    expect(changes(forEachChange, big, next)).toEqual(
      ['call-500:500:-1', 'call-9:9:undefined', 'call-new:undefined:7'].sort(),
    );
  });
});
