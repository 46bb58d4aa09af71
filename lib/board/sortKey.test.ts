import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKey } from './agentOrder';

/** The agent boards' cheap sort key must order names as the numeric, case-blind collator did. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmp = (a: string, b: string) => sign(sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

describe('sortKey', () => {
  it('orders numbers by value and ignores case and accents', () => {
    const names = ['agent 10', 'Agent 9', 'Zoë', 'zoe 2', 'Ada', '101', '99', 'ada 1'];
    expect([...names].sort((a, b) => cmp(a, b))).toEqual([...names].sort((a, b) => collator.compare(a, b)));
    expect(cmp('Agent 007', 'agent 7')).toBe(0);
  });

  it('agrees with the collator on names of letters, digits and spaces', () => {
    const name = fc.stringMatching(/^[a-zA-Z0-9 ]{0,12}$/);
    fc.assert(
      fc.property(name, name, (a, b) => {
        const c = sign(collator.compare(a, b));
        if (c !== 0) expect(cmp(a, b)).toBe(c);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
