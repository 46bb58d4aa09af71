import { describe, expect, it } from 'vitest';
import {
  abandonRate,
  addFigures,
  ahtSeconds,
  asaSeconds,
  DEFAULT_SERVICE_LEVEL_FORMULA,
  type Figures,
  isZero,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
  serviceLevel,
  serviceLevelBy,
  serviceLevelDenominator,
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

  describe('service level formulas', () => {
    // 14 offered: 8 answered (6 within SLA), 3 abandoned (1 short), 2 overflowed, 1 still waiting.
    const x = f({
      offered: 14,
      answered: 8,
      answeredWithinSla: 6,
      abandoned: 3,
      shortAbandoned: 1,
      overflowed: 2,
    });
    const expected: Record<ServiceLevelFormula, number> = {
      excludeShortAbandons: 6 / 12,
      abandonsCountAgainst: 6 / 13,
      answeredOnly: 6 / 8,
      allOffered: 6 / 14,
    };

    it.each(Object.entries(expected))('%s', (formula, value) => {
      expect(serviceLevelBy(x, formula as ServiceLevelFormula)).toBeCloseTo(value, 12);
    });

    it('the default is today’s definition, and serviceLevel is the default', () => {
      expect(DEFAULT_SERVICE_LEVEL_FORMULA).toBe('excludeShortAbandons');
      expect(serviceLevel(x)).toBe(serviceLevelBy(x, DEFAULT_SERVICE_LEVEL_FORMULA));
    });

    it('every formula has a name and a printed text, and the four give four different values here', () => {
      const formulas = Object.keys(SERVICE_LEVEL_FORMULAS) as ServiceLevelFormula[];
      expect(formulas.sort()).toEqual(Object.keys(expected).sort());
      for (const k of formulas) expect(SERVICE_LEVEL_FORMULAS[k].text).toMatch(/^answered within SLA ÷ /);
      expect(new Set(formulas.map((k) => serviceLevelBy(x, k))).size).toBe(4);
    });

    it.each(Object.keys(expected))('%s: a zero denominator is null, not 0', (formula) => {
      const k = formula as ServiceLevelFormula;
      expect(serviceLevelBy(ZERO, k)).toBeNull();
      expect(serviceLevelDenominator(ZERO, k)).toBe(0);
    });

    it('only short abandons: null when they are excluded, 0 when they count against', () => {
      const shortOnly = f({ offered: 2, abandoned: 2, shortAbandoned: 2 });
      expect(serviceLevelBy(shortOnly, 'excludeShortAbandons')).toBeNull();
      expect(serviceLevelBy(shortOnly, 'answeredOnly')).toBeNull();
      expect(serviceLevelBy(shortOnly, 'abandonsCountAgainst')).toBe(0);
      expect(serviceLevelBy(shortOnly, 'allOffered')).toBe(0);
    });
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
