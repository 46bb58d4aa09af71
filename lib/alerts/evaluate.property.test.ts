import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertsState,
  acknowledge,
  type BoardRules,
  EMPTY_ALERTS,
  evaluate,
  type Transition,
} from './evaluate';
import { type AlertRule, alertRuleSchema } from './rules';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);

function rule(over: Partial<AlertRule> = {}): AlertRule {
  return alertRuleSchema.parse({
    id: 'r',
    figure: 'waiting',
    level: 'own',
    limit: 10,
    direction: 'above',
    ...over,
  });
}

/** Feeds (dt ms, value) steps through the evaluator; returns every transition with its time. */
function run(
  r: AlertRule,
  steps: readonly (readonly [number, number | null])[],
  start: AlertsState = EMPTY_ALERTS,
  from = T0,
) {
  let state = start;
  let now = from;
  const log: { at: number; step: number; value: number | null; t: Transition }[] = [];
  const values: { at: number; value: number | null }[] = [];
  for (const [dt, value] of steps) {
    now += dt;
    values.push({ at: now, value });
    const board: BoardRules = {
      boardId: 'b',
      timezone: 'Europe/London',
      rules: [r],
      thresholds: {},
      value: () => value,
    };
    const e = evaluate(state, [board], now);
    state = e.state;
    for (const t of e.transitions) log.push({ at: now, step: values.length - 1, value, t });
  }
  return { state, log, values, end: now };
}

const step = (lo: number, hi: number) =>
  fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.oneof(fc.integer({ min: lo, max: hi }), fc.constant(null)));

describe('evaluate (property)', () => {
  it('noise inside the hysteresis band raises at most once and never clears', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(step(8, 14), { maxLength: 400 }),
        (hold, clearSeconds, steps) => {
          // Fires at ≥ 10, clears only at 7 or less: noise between 8 and 14 can never clear it.
          const r = rule({ holdSeconds: hold, clearSeconds, clearLimit: 7 });
          const { log } = run(r, steps);
          expect(log.filter((l) => l.t.kind === 'raised').length).toBeLessThanOrEqual(1);
          expect(log.filter((l) => l.t.kind === 'cleared')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('noise around the limit: every raise needs the hold, every clear the clear time (no flapping)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(step(9, 11), { maxLength: 400 }),
        (hold, clearSeconds, steps) => {
          const r = rule({ holdSeconds: hold, clearSeconds });
          const { log, values, end } = run(r, steps);
          // Each raise followed a run of bad values at least `hold` long; each clear a run of good ones.
          for (const { at, step, t } of log) {
            const need = (t.kind === 'raised' ? hold : clearSeconds) * 1000;
            // The values evaluated up to this transition (several steps may share one instant).
            const window = values.slice(0, step + 1).filter((x) => x.at >= at - need);
            // Unknown values neither start nor stop a clear time, but a hold needs known bad ones.
            if (t.kind === 'raised')
              expect(window.every((x) => x.value !== null && x.value >= 10)).toBe(true);
            else expect(window.every((x) => x.value === null || x.value < 10)).toBe(true);
          }
          // Raises and clears alternate; cycles are at least hold + clear time long.
          expect(log.map((l) => l.t.kind)).toEqual(log.map((_, i) => (i % 2 === 0 ? 'raised' : 'cleared')));
          const raises = log.filter((l) => l.t.kind === 'raised').length;
          expect(raises).toBeLessThanOrEqual(1 + Math.floor((end - T0) / ((hold + clearSeconds) * 1000)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every raise clears once the figure goes back and stays back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
        fc.array(step(0, 20), { maxLength: 200 }),
        fc.boolean(),
        (hold, clearSeconds, clearLimit, steps, ack) => {
          const r = rule({ holdSeconds: hold, clearSeconds, clearLimit });
          const first = run(r, steps);
          let state = first.state;
          const open = [...state.active.values()][0];
          if (ack && open) {
            const a = acknowledge(state, open.id, 'sam', null, first.end);
            if (a.ok) state = a.state;
          }
          // Back: 0 waiting (below any clear level), evaluated each second for longer than the clear time.
          const back = Array.from({ length: clearSeconds + 2 }, () => [1000, 0] as const);
          const after = run(r, back, state, first.end);
          expect(after.state.active.size).toBe(0);
          if (open) expect(after.log.map((l) => [l.t.kind, l.t.alert.id])).toEqual([['cleared', open.id]]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a raise within the cooldown after a clear is not notified; one after it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.array(step(0, 20), { maxLength: 300 }),
        (cooldown, steps) => {
          const r = rule({ holdSeconds: 0, clearSeconds: 0, cooldownSeconds: cooldown });
          const { log } = run(r, steps);
          let lastClear: number | null = null;
          for (const { at, t } of log) {
            if (t.kind === 'cleared') {
              // A clear is notified exactly when its raise was.
              expect(t.notify).toBe(t.alert.notified);
              lastClear = at;
            } else expect(t.notify).toBe(lastClear === null || at - lastClear >= cooldown * 1000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
