import { describe, expect, it } from 'vitest';
import { boardSchema } from '../board/model';
import { isActiveAt } from './activeHours';
import { acknowledge, type BoardRules, EMPTY_ALERTS, evaluate, restoreState, snooze } from './evaluate';
import { type AlertRuleInput, alertRuleSchema, alertRulesSchema } from './rules';

// Monday 7 December 2026, 09:00 in London.
const MON_9 = Date.UTC(2026, 11, 7, 9, 0, 0);

function board(
  rules: AlertRuleInput[],
  value: number | null,
  thresholds: BoardRules['thresholds'] = {},
): BoardRules {
  return {
    boardId: 'sales',
    timezone: 'Europe/London',
    rules: rules.map((r) => alertRuleSchema.parse(r)),
    thresholds,
    value: () => value,
  };
}

const waiting = {
  id: 'w',
  figure: 'waiting',
  level: 'own',
  limit: 5,
  holdSeconds: 30,
  clearSeconds: 10,
} as const;

describe('evaluate', () => {
  it('raises after the hold, says when to look again, and clears after the clear time', () => {
    const a = evaluate(EMPTY_ALERTS, [board([waiting], 6)], MON_9);
    expect(a.transitions).toEqual([]);
    expect(a.nextAt).toBe(MON_9 + 30_000);
    const b = evaluate(a.state, [board([waiting], 7)], MON_9 + 30_000);
    expect(b.transitions).toMatchObject([
      { kind: 'raised', notify: true, alert: { id: 1, value: 7, badSince: MON_9 } },
    ]);
    const c = evaluate(b.state, [board([waiting], 4)], MON_9 + 31_000);
    expect(c.transitions).toEqual([]);
    expect(c.nextAt).toBe(MON_9 + 41_000);
    const d = evaluate(c.state, [board([waiting], 4)], MON_9 + 41_000);
    expect(d.transitions).toMatchObject([
      { kind: 'cleared', alert: { id: 1, clearReason: 'recovered', worst: 7 } },
    ]);
    expect(d.state.active.size).toBe(0);
  });

  it('reads the board’s own thresholds; a level the board no longer has clears the alert', () => {
    const rule = { id: 'c', figure: 'waiting', level: 'critical', holdSeconds: 0 } as const;
    const th = { waiting: { direction: 'above' as const, warn: 2, critical: 4 } };
    const a = evaluate(EMPTY_ALERTS, [board([rule], 4, th)], MON_9);
    expect(a.transitions).toMatchObject([{ kind: 'raised', alert: { limit: 4, severity: 'critical' } }]);
    const gone = { waiting: { direction: 'above' as const, warn: 2, critical: null } };
    const b = evaluate(a.state, [board([rule], 9, gone)], MON_9 + 1000);
    expect(b.transitions).toMatchObject([{ kind: 'cleared', alert: { clearReason: 'inactive' } }]);
  });

  it('clears when its rule is removed, and outside its active hours', () => {
    const a = evaluate(EMPTY_ALERTS, [board([{ ...waiting, holdSeconds: 0 }], 9)], MON_9);
    expect(evaluate(a.state, [board([], 9)], MON_9 + 1).transitions).toMatchObject([
      { kind: 'cleared', alert: { clearReason: 'ruleRemoved' } },
    ]);
    const hours = { ...waiting, holdSeconds: 0, activeHours: { mon: { from: '08:00', to: '09:30' } } };
    const b = evaluate(EMPTY_ALERTS, [board([hours], 9)], MON_9);
    expect(b.transitions).toHaveLength(1);
    expect(evaluate(b.state, [board([hours], 9)], MON_9 + 30 * 60_000).transitions).toMatchObject([
      { kind: 'cleared', alert: { clearReason: 'inactive' } },
    ]);
  });

  it('acknowledges once, snoozes only a raised alert, and refuses what is not open', () => {
    const a = evaluate(EMPTY_ALERTS, [board([{ ...waiting, holdSeconds: 0 }], 9)], MON_9).state;
    const s = snooze(a, 1, 'sam', MON_9 + 60_000);
    expect(s.ok && s.alert.snoozedUntil).toBe(MON_9 + 60_000);
    const ack = acknowledge(a, 1, 'sam@example.com', 'on it', MON_9 + 5);
    expect(ack.ok && ack.alert).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'sam@example.com',
      note: 'on it',
    });
    if (!ack.ok) throw new Error('not acknowledged');
    expect(acknowledge(ack.state, 1, 'kim', null, MON_9 + 6)).toMatchObject({ ok: false, status: 409 });
    expect(snooze(ack.state, 1, 'kim', MON_9 + 9)).toMatchObject({ ok: false, status: 409 });
    expect(acknowledge(a, 99, 'kim', null, MON_9)).toMatchObject({ ok: false, status: 404 });
  });

  it('a restored state raises nothing again and keeps the cooldown', () => {
    const a = evaluate(EMPTY_ALERTS, [board([{ ...waiting, holdSeconds: 0, clearSeconds: 0 }], 9)], MON_9);
    const open = [...a.state.active.values()];
    const restored = restoreState(open, new Map(), 2);
    expect(
      evaluate(restored, [board([{ ...waiting, holdSeconds: 0, clearSeconds: 0 }], 9)], MON_9 + 5)
        .transitions,
    ).toEqual([]);
    const cleared = restoreState([], new Map([['sales\u0000w\u0000', MON_9]]), 2);
    const again = evaluate(cleared, [board([{ ...waiting, holdSeconds: 0 }], 9)], MON_9 + 60_000);
    expect(again.transitions).toMatchObject([
      { kind: 'raised', notify: false, alert: { id: 2, notified: false } },
    ]);
  });
});

describe('rules', () => {
  it('boards stored before rules existed read as none, with no chime', () => {
    const old = boardSchema.parse({ name: 'Old board', queues: 'all', tiles: ['waiting'] });
    expect(old.alerts).toEqual([]);
    expect(old.alertChime).toBe(false);
  });

  it('names each problem under its field', () => {
    const bad = alertRulesSchema.safeParse([
      { id: 'a', figure: 'offered', level: 'critical' },
      { id: 'a', figure: 'serviceLevel', level: 'own', limit: 1.5 },
      { id: 'b', figure: 'waiting', level: 'own', limit: 5, clearLimit: 6 },
      { id: 'c', figure: 'waiting', level: 'own', activeHours: { mon: { from: '18:00', to: '08:00' } } },
    ]);
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['0.level', '1.id', '1.limit', '2.clearLimit', '3.activeHours.mon.to', '3.limit']);
  });

  it('active hours are wall-clock time in the board’s timezone, Monday first', () => {
    const hours = { mon: { from: '08:00', to: '09:30' } };
    expect(isActiveAt(hours, 'Europe/London', MON_9)).toBe(true);
    expect(isActiveAt(hours, 'Europe/London', MON_9 + 3600_000)).toBe(false);
    // 09:00 UTC is 10:00 in Berlin: past the span there.
    expect(isActiveAt(hours, 'Europe/Berlin', MON_9)).toBe(false);
    // The same time on Tuesday: no span that day.
    expect(isActiveAt(hours, 'Europe/London', MON_9 + 86_400_000)).toBe(false);
    expect(isActiveAt(null, 'Europe/London', MON_9)).toBe(true);
  });
});
