import { describe, expect, it } from 'vitest';
import {
  abandonRate,
  addFigures,
  ahtSeconds,
  asaSeconds,
  type Figures,
  isZero,
  serviceLevel,
  ZERO,
} from './figures';

const f = (over: Partial<Figures>): Figures => ({ ...ZERO, ...over });

describe('figures', () => {
  it('adds and subtracts every field, and knows zero', () => {
    const a = f({ offered: 3, answered: 2, waitMs: 5000, wrapSeconds: 7 });
    const b = f({ offered: 1, answered: 1, waitMs: 1000, talkSeconds: 4 });
    expect(addFigures(a, b)).toEqual(
      f({ offered: 4, answered: 3, waitMs: 6000, talkSeconds: 4, wrapSeconds: 7 }),
    );
    expect(isZero(addFigures(a, a, -1))).toBe(true);
    for (const key of Object.keys(ZERO) as (keyof Figures)[]) {
      expect(isZero(f({ [key]: 1 })), key).toBe(false);
      expect(addFigures(ZERO, f({ [key]: 2 }))[key], key).toBe(2);
    }
  });

  it('derived figures are null, not 0, on an empty denominator', () => {
    expect([serviceLevel(ZERO), abandonRate(ZERO), asaSeconds(ZERO), ahtSeconds(ZERO)]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('service level leaves short abandons out of the denominator and counts overflow in', () => {
    const x = f({
      answered: 8,
      answeredWithinSla: 6,
      abandoned: 3,
      shortAbandoned: 1,
      overflowed: 2,
      offered: 14,
    });
    expect(serviceLevel(x)).toBe(6 / (8 + 3 - 1 + 2));
    expect(abandonRate(x)).toBe(3 / 14);
  });

  it('ASA and AHT average over the visits they know about', () => {
    const x = f({
      waited: 2,
      waitMs: 30_000,
      handled: 2,
      talkSeconds: 100,
      holdSeconds: 20,
      wrapSeconds: 30,
    });
    expect(asaSeconds(x)).toBe(15);
    expect(ahtSeconds(x)).toBe(75);
  });
});
