import { z } from 'zod';
import type { ThresholdFigure } from '../board/model';

/**
 * A board's alert rules (issue #18): which figure, at which level, held how long before it fires, how
 * it clears, how soon it may notify again, when it is active, whether supervisors may snooze it.
 * Stored in the board's JSON (lib/board/model.ts `alerts`), validated with this schema on every write
 * and read; a board stored before rules existed reads as "no rules". Pure: no I/O.
 */

/** Every figure a tile shows, as a rule can watch it (docs/metrics.md defines each). */
export const ALERT_FIGURES = [
  'waiting',
  'longestWaitSeconds',
  'serviceLevel',
  'offered',
  'answered',
  'abandoned',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
  'agentsSignedIn',
  'slaBreaches',
] as const;
export type AlertFigure = (typeof ALERT_FIGURES)[number];

/**
 * Each figure's label, unit, typed-value factor (shares typed in %), the way that is bad by default,
 * the tile it marks and, where the board has thresholds for it, which one.
 */
export const ALERT_FIGURE_INFO: Readonly<
  Record<
    AlertFigure,
    {
      label: string;
      unit: string;
      scale: number;
      direction: 'above' | 'below';
      tile: string;
      threshold: ThresholdFigure | null;
    }
  >
> = {
  // Same labels and units as the thresholds' (lib/board/model.ts THRESHOLD_FIGURE_INFO), written out:
  // model.ts imports this file.
  waiting: {
    label: 'Waiting now',
    unit: 'callers',
    scale: 1,
    direction: 'above',
    tile: 'waiting',
    threshold: 'waiting',
  },
  longestWaitSeconds: {
    label: 'Longest wait',
    unit: 's',
    scale: 1,
    direction: 'above',
    tile: 'longestWait',
    threshold: 'longestWaitSeconds',
  },
  serviceLevel: {
    label: 'Service level',
    unit: '%',
    scale: 100,
    direction: 'below',
    tile: 'serviceLevel',
    threshold: 'serviceLevel',
  },
  offered: {
    label: 'Offered',
    unit: 'calls',
    scale: 1,
    direction: 'above',
    tile: 'offered',
    threshold: null,
  },
  answered: {
    label: 'Answered',
    unit: 'calls',
    scale: 1,
    direction: 'below',
    tile: 'answered',
    threshold: null,
  },
  abandoned: {
    label: 'Abandoned',
    unit: 'calls',
    scale: 1,
    direction: 'above',
    tile: 'abandoned',
    threshold: null,
  },
  abandonRate: {
    label: 'Abandon rate',
    unit: '%',
    scale: 100,
    direction: 'above',
    tile: 'abandonRate',
    threshold: 'abandonRate',
  },
  asaSeconds: { label: 'ASA', unit: 's', scale: 1, direction: 'above', tile: 'asa', threshold: 'asaSeconds' },
  ahtSeconds: { label: 'AHT', unit: 's', scale: 1, direction: 'above', tile: 'aht', threshold: null },
  agentsSignedIn: {
    label: 'Agents signed in',
    unit: 'agents',
    scale: 1,
    direction: 'below',
    tile: 'agents',
    threshold: null,
  },
  slaBreaches: {
    label: 'SLA breaches',
    unit: 'callers',
    scale: 1,
    direction: 'above',
    tile: 'slaBreaches',
    threshold: 'slaBreaches',
  },
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const span = z
  .object({
    from: z.string().regex(HHMM, 'Use HH:MM (24 h)'),
    to: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:MM (24 h), up to 24:00'),
  })
  .refine((s) => s.from < s.to, { path: ['to'], message: 'The end must be after the start' });
export type ActiveSpan = z.infer<typeof span>;

/** A day missing from the map: not active that day. The whole map null: always active. */
const activeHoursSchema = z.partialRecord(z.enum(WEEKDAYS), span).nullable().default(null);
export type ActiveHours = z.infer<typeof activeHoursSchema>;

const seconds = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .int(`${what} must be whole seconds`)
    .min(0, `${what} must be 0 or more`)
    .max(max, `${what} must be at most ${max} s`);

export const RULE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const alertRuleSchema = z
  .object({
    /** Stable within the board: an alert names its rule by it. */
    id: z.string().regex(RULE_ID_PATTERN, 'Rule id: lower-case letters, digits and -, at most 40'),
    figure: z.enum(ALERT_FIGURES, { error: 'Not a figure a rule can watch' }),
    /** A queue id of the board, or null: the board's total (as its tiles show it). */
    queue: z.string().min(1).max(200).nullable().default(null),
    /** The board's warn or critical threshold for the figure, or the rule's own `limit`. */
    level: z.enum(['warn', 'critical', 'own']).default('critical'),
    /** With `own`: the limit (stored unit: shares 0..1), which way is bad, and the alert's severity. */
    limit: z.number().nullable().default(null),
    direction: z.enum(['above', 'below']).nullable().default(null),
    severity: z.enum(['warn', 'critical']).default('critical'),
    holdSeconds: seconds('Hold time', 3600).default(30),
    /**
     * Clears once the figure is at or past `clearLimit` on the good side (null: no longer bad), held
     * there `clearSeconds`. A band (clearLimit) or a time (clearSeconds), or both, stop flapping.
     */
    clearLimit: z.number().nullable().default(null),
    clearSeconds: seconds('Clear time', 3600).default(30),
    /** After a clear, a new alert of this rule within this time is shown but not notified again. */
    cooldownSeconds: seconds('Cooldown', 86_400).default(300),
    activeHours: activeHoursSchema,
    /** Supervisors may snooze its alerts (admins always may). */
    supervisorsMaySnooze: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    const info = ALERT_FIGURE_INFO[r.figure];
    if (r.level !== 'own' && info.threshold === null)
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: `${info.label} has no board threshold: give the rule its own limit`,
      });
    if (r.level === 'own' && (r.limit === null || !Number.isFinite(r.limit)))
      ctx.addIssue({ code: 'custom', path: ['limit'], message: 'Enter the limit' });
    const share = info.unit === '%';
    for (const key of ['limit', 'clearLimit'] as const) {
      const v = r[key];
      if (v !== null && (v < 0 || (share && v > 1)))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: share ? 'Must be between 0 and 100 %' : 'Must be 0 or more',
        });
    }
    if (r.level === 'own' && r.limit !== null && r.clearLimit !== null) {
      const dir = r.direction ?? info.direction;
      const ok = dir === 'above' ? r.clearLimit < r.limit : r.clearLimit > r.limit;
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          path: ['clearLimit'],
          message:
            dir === 'above'
              ? 'The clear level must be below the limit'
              : 'The clear level must be above the limit',
        });
    }
  });
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

/** A board's rules: at most 50, ids unique. */
export const alertRulesSchema = z
  .array(alertRuleSchema)
  .max(50, 'At most 50 rules per board')
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'Two rules have this id' });
      seen.add(r.id);
    });
  })
  .default([]);

/** A rule's firing limit, direction and severity now: a board level may be unset (null: never fires). */
export interface ResolvedLevel {
  readonly limit: number;
  readonly direction: 'above' | 'below';
  readonly severity: 'warn' | 'critical';
  /** At or past it on the good side the alert may clear; null: as soon as the figure is not bad. */
  readonly clearLimit: number | null;
}

export function resolveLevel(
  rule: AlertRule,
  thresholds: Readonly<
    Partial<
      Record<ThresholdFigure, { direction: 'above' | 'below'; warn: number | null; critical: number | null }>
    >
  >,
): ResolvedLevel | null {
  const info = ALERT_FIGURE_INFO[rule.figure];
  if (rule.level === 'own') {
    if (rule.limit === null) return null;
    const direction = rule.direction ?? info.direction;
    return { limit: rule.limit, direction, severity: rule.severity, clearLimit: rule.clearLimit };
  }
  const t = info.threshold ? thresholds[info.threshold] : undefined;
  const limit = t?.[rule.level];
  if (!t || limit === null || limit === undefined) return null;
  const clear = rule.clearLimit;
  // The board's levels may have moved since the rule was written: a clear level that is no longer on
  // the good side of the limit is ignored (the alert clears as soon as the figure is not bad).
  const clearLimit =
    clear === null || (t.direction === 'above' ? clear >= limit : clear <= limit) ? null : clear;
  return { limit, direction: t.direction, severity: rule.level, clearLimit };
}

/** Bad: at or past the limit (≥ for above, < for below, as the tiles' levels). */
export const isBad = (lv: ResolvedLevel, v: number) =>
  lv.direction === 'above' ? v >= lv.limit : v < lv.limit;
/** Good enough to clear: back at or past the clear level (≤ for above, ≥ for below), else not bad. */
export const isClear = (lv: ResolvedLevel, v: number) =>
  lv.clearLimit === null ? !isBad(lv, v) : lv.direction === 'above' ? v <= lv.clearLimit : v >= lv.clearLimit;
