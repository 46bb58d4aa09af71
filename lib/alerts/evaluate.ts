import type { ThresholdFigure } from '../board/model';
import { type LocalParts, localParts } from '../domain/time';
import { type AlertAction, acknowledgeAlert, notOpen, snoozeAlert } from './actions';
import { isActiveIn } from './activeHours';
import { type AlertFigure, type AlertRule, isBad, isClear, type ResolvedLevel, resolveLevel } from './rules';

/**
 * The alert evaluator (issue #18), pure: (previous state, the boards' rules and figures, now) → (next
 * state, transitions). No I/O, no clock: the server calls it from one place with its clock and stores
 * and announces what it returns (server/alerts/engine.ts). Timings in docs/metrics.md, "Alerts".
 *
 * Per rule target (a rule on the board's total, or on one queue):
 * - idle → pending when the figure is bad (at or past the limit); pending → **raised** once it has
 *   stayed bad at every evaluation for `holdSeconds`; back to idle at the first known good value.
 * - an alert (raised or acknowledged) **clears** once the figure has been on the good side of the
 *   clear level (the limit, or the rule's `clearLimit`) for `clearSeconds`; any bad value restarts
 *   that time. Outside its active hours, with its level unset, or with its rule gone, it clears at once.
 * - unknown (null) neither fires nor clears: it stops a pending hold, and does not interrupt a clear.
 * - a raise within `cooldownSeconds` of the target's last clear is raised and shown but not notified.
 */

export type AlertLife = 'raised' | 'acknowledged' | 'cleared';
export type ClearReason = 'recovered' | 'inactive' | 'ruleRemoved';

export interface Alert {
  readonly id: number;
  readonly boardId: string;
  readonly ruleId: string;
  /** The queue the rule watches; null: the board's total. */
  readonly queue: string | null;
  readonly figure: AlertFigure;
  readonly severity: 'warn' | 'critical';
  readonly direction: 'above' | 'below';
  readonly limit: number;
  readonly state: AlertLife;
  /** When the figure first went bad (the hold began), and when the hold elapsed and it was raised. */
  readonly badSince: number;
  readonly raisedAt: number;
  /** The figure when raised, and the worst seen while active. */
  readonly value: number;
  readonly worst: number;
  /** false: raised within the rule's cooldown after a clear, so no channel was told. */
  readonly notified: boolean;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly note: string | null;
  readonly snoozedUntil: number | null;
  readonly snoozedBy: string | null;
  readonly clearedAt: number | null;
  readonly clearReason: ClearReason | null;
}

interface Tracker {
  readonly badSince: number | null;
  readonly goodSince: number | null;
  readonly lastClearedAt: number | null;
}

export interface AlertsState {
  readonly nextId: number;
  /** Open alerts (raised or acknowledged), by target key. */
  readonly active: ReadonlyMap<string, Alert>;
  readonly trackers: ReadonlyMap<string, Tracker>;
}

export const EMPTY_ALERTS: AlertsState = { nextId: 1, active: new Map(), trackers: new Map() };

/** What the evaluator needs of one board. */
export interface BoardRules {
  readonly boardId: string;
  readonly timezone: string;
  readonly rules: readonly AlertRule[];
  readonly thresholds: Readonly<
    Partial<
      Record<ThresholdFigure, { direction: 'above' | 'below'; warn: number | null; critical: number | null }>
    >
  >;
  /** The figure's value now for the board's total (queue null) or one queue; null: unknown. */
  value(figure: AlertFigure, queue: string | null): number | null;
}

export type Transition =
  | { readonly kind: 'raised'; readonly alert: Alert; readonly notify: boolean }
  | { readonly kind: 'cleared'; readonly alert: Alert; readonly notify: boolean };

export interface Evaluation {
  readonly state: AlertsState;
  readonly transitions: readonly Transition[];
  /** The earliest moment a hold or a clear time elapses without any new figure: evaluate again then. */
  readonly nextAt: number | null;
}

export const targetKey = (boardId: string, ruleId: string, queue: string | null) =>
  `${boardId}\u0000${ruleId}\u0000${queue ?? ''}`;

const IDLE: Tracker = { badSince: null, goodSince: null, lastClearedAt: null };

export function evaluate(prev: AlertsState, boards: readonly BoardRules[], now: number): Evaluation {
  let nextId = prev.nextId;
  const active = new Map(prev.active);
  const trackers = new Map<string, Tracker>();
  const transitions: Transition[] = [];
  const seen = new Set<string>();
  let nextAt: number | null = null;
  const wake = (at: number) => {
    if (nextAt === null || at < nextAt) nextAt = at;
  };

  const clear = (key: string, alert: Alert, reason: ClearReason) => {
    const cleared: Alert = { ...alert, state: 'cleared', clearedAt: now, clearReason: reason };
    active.delete(key);
    transitions.push({ kind: 'cleared', alert: cleared, notify: alert.notified });
  };

  const local = new Map<string, LocalParts>();
  const partsIn = (tz: string) => {
    let p = local.get(tz);
    if (!p) {
      p = localParts(now, tz);
      local.set(tz, p);
    }
    return p;
  };

  for (const board of boards) {
    for (const rule of board.rules) {
      const key = targetKey(board.boardId, rule.id, rule.queue);
      if (seen.has(key)) continue;
      seen.add(key);
      const t = prev.trackers.get(key) ?? IDLE;
      const alert = active.get(key);
      const level = resolveLevel(rule, board.thresholds);
      if (
        level === null ||
        (rule.activeHours !== null && !isActiveIn(rule.activeHours, partsIn(board.timezone)))
      ) {
        if (alert) clear(key, alert, 'inactive');
        const lastClearedAt = alert ? now : t.lastClearedAt;
        if (lastClearedAt !== null) trackers.set(key, { ...IDLE, lastClearedAt });
        continue;
      }
      const v = board.value(rule.figure, rule.queue);
      if (alert) {
        trackers.set(key, firing(key, alert, t, rule, level, v));
        continue;
      }
      if (v === null || !isBad(level, v)) {
        if (t.lastClearedAt !== null) trackers.set(key, { ...IDLE, lastClearedAt: t.lastClearedAt });
        continue;
      }
      const badSince = t.badSince ?? now;
      const due = badSince + rule.holdSeconds * 1000;
      if (now < due) {
        trackers.set(key, { ...t, badSince, goodSince: null });
        wake(due);
        continue;
      }
      const notify = t.lastClearedAt === null || now - t.lastClearedAt >= rule.cooldownSeconds * 1000;
      const raised: Alert = {
        id: nextId++,
        boardId: board.boardId,
        ruleId: rule.id,
        queue: rule.queue,
        figure: rule.figure,
        severity: level.severity,
        direction: level.direction,
        limit: level.limit,
        state: 'raised',
        badSince,
        raisedAt: now,
        value: v,
        worst: v,
        notified: notify,
        acknowledgedAt: null,
        acknowledgedBy: null,
        note: null,
        snoozedUntil: null,
        snoozedBy: null,
        clearedAt: null,
        clearReason: null,
      };
      active.set(key, raised);
      trackers.set(key, { badSince, goodSince: null, lastClearedAt: t.lastClearedAt });
      transitions.push({ kind: 'raised', alert: raised, notify });
    }
  }
  // Rules removed (or whole boards): their alerts clear; their trackers go.
  for (const [key, alert] of prev.active)
    if (!seen.has(key) && active.has(key)) clear(key, alert, 'ruleRemoved');

  function firing(
    key: string,
    alert: Alert,
    t: Tracker,
    rule: AlertRule,
    level: ResolvedLevel,
    v: number | null,
  ) {
    if (v === null) return t;
    if (!isClear(level, v)) {
      const worse = level.direction === 'above' ? v > alert.worst : v < alert.worst;
      if (worse) active.set(key, { ...alert, worst: v });
      return { ...t, goodSince: null };
    }
    const goodSince = t.goodSince ?? now;
    const due = goodSince + rule.clearSeconds * 1000;
    if (now >= due) {
      clear(key, alert, 'recovered');
      return { badSince: null, goodSince: null, lastClearedAt: now };
    }
    wake(due);
    return { ...t, goodSince };
  }

  return { state: { nextId, active, trackers }, transitions, nextAt };
}

/** Open alerts of one board, oldest first. */
export function activeOf(state: AlertsState, boardId: string): Alert[] {
  return [...state.active.values()].filter((a) => a.boardId === boardId).sort((a, b) => a.id - b.id);
}

export type ActionResult =
  | { readonly ok: true; readonly state: AlertsState; readonly alert: Alert }
  | { readonly ok: false; readonly status: 404 | 409; readonly error: string };

function findOpen(state: AlertsState, id: number): [string, Alert] | null {
  for (const entry of state.active) if (entry[1].id === id) return entry;
  return null;
}

/** A person's action (./actions.ts) on an open alert of the state. */
function actOn(state: AlertsState, id: number, action: (a: Alert) => AlertAction): ActionResult {
  const found = findOpen(state, id);
  if (!found) return notOpen(id) as ActionResult;
  const r = action(found[1]);
  if (!r.ok) return r;
  const active = new Map(state.active);
  active.set(found[0], r.alert);
  return { ok: true, state: { ...state, active }, alert: r.alert };
}

/** raised → acknowledged: who, when, an optional note. Acknowledging twice is a 409 (the first one stands). */
export const acknowledge = (state: AlertsState, id: number, by: string, note: string | null, now: number) =>
  actOn(state, id, (a) => acknowledgeAlert(a, by, note, now));

/** Silence a raised alert's banner and chime until `until` (it stays raised; the tile stays marked). */
export const snooze = (state: AlertsState, id: number, by: string, until: number) =>
  actOn(state, id, (a) => snoozeAlert(a, by, until));

/** A state from stored open alerts and each target's last clear (a restart: nothing raised again). */
export function restoreState(
  open: readonly Alert[],
  lastCleared: ReadonlyMap<string, number>,
  nextId: number,
): AlertsState {
  const active = new Map<string, Alert>();
  const trackers = new Map<string, Tracker>();
  for (const [key, at] of lastCleared) trackers.set(key, { ...IDLE, lastClearedAt: at });
  for (const a of open) {
    const key = targetKey(a.boardId, a.ruleId, a.queue);
    active.set(key, a);
    trackers.set(key, {
      badSince: a.badSince,
      goodSince: null,
      lastClearedAt: trackers.get(key)?.lastClearedAt ?? null,
    });
  }
  return { nextId, active, trackers };
}
