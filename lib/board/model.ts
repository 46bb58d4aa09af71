import { z } from 'zod';
import { alertRulesSchema } from '../alerts/rules';
import {
  DEFAULT_SERVICE_LEVEL_FORMULA,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
} from '../domain/figures';
import { ID_PATTERN, ID_RULE } from '../settings/ids';
import { abandonRateSettingsSchema } from './abandonRate';
import { agentThresholdsSchema } from './agentThresholds';

/**
 * A board: what one wallboard shows and how. Stored as JSON (server/storage boards table), validated
 * with this schema on every write and read, shared by the server API and the browser. Pure: no I/O.
 */

/** The figures a threshold can colour. Each has one definition in docs/metrics.md. */
export const THRESHOLD_FIGURES = [
  'waiting',
  'longestWaitSeconds',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'slaBreaches',
] as const;
export type ThresholdFigure = (typeof THRESHOLD_FIGURES)[number];

/**
 * How each figure is typed in and read: its label, unit, the factor from stored value to typed value
 * (shares are stored 0..1 and typed in %), and which way is bad (`above`: waiting ≥ 5 is bad;
 * `below`: service level under 80 % is bad, i.e. higher is better). Shared by the form and the
 * schema's messages, so both say the same thing.
 */
export const THRESHOLD_FIGURE_INFO: Readonly<
  Record<ThresholdFigure, { label: string; unit: string; scale: number; direction: 'above' | 'below' }>
> = {
  waiting: { label: 'Waiting now', unit: 'callers', scale: 1, direction: 'above' },
  longestWaitSeconds: { label: 'Longest wait', unit: 's', scale: 1, direction: 'above' },
  serviceLevel: { label: 'Service level', unit: '%', scale: 100, direction: 'below' },
  abandonRate: { label: 'Abandon rate', unit: '%', scale: 100, direction: 'above' },
  asaSeconds: { label: 'ASA', unit: 's', scale: 1, direction: 'above' },
  slaBreaches: { label: 'SLA breaches', unit: 'callers', scale: 1, direction: 'above' },
};

const level = (which: 'Warn' | 'Critical') =>
  z.number({ error: `${which} level must be a number` }).nullable();

/**
 * `above`: the value is bad when it is at or above the limit (waiting ≥ 5). `below`: bad when under
 * the limit (service level < 80 %). A null limit is "no such level". Critical must be at least as bad
 * as warn: for a "higher is better" figure (below) warn sits above critical.
 */
export const thresholdSchema = z
  .object({
    direction: z.enum(['above', 'below'], { error: 'Direction must be "above" or "below"' }),
    warn: level('Warn'),
    critical: level('Critical'),
  })
  .superRefine((t, ctx) => {
    if (t.warn === null || t.critical === null) return;
    if (t.direction === 'above' ? t.critical >= t.warn : t.critical <= t.warn) return;
    ctx.addIssue({
      code: 'custom',
      path: ['critical'],
      message:
        t.direction === 'above'
          ? 'Critical level must be at or above the warn level (higher is worse here)'
          : 'Critical level must be at or below the warn level (higher is better here)',
    });
  });
export type Threshold = z.infer<typeof thresholdSchema>;

export const TILES = [
  'waiting',
  'longestWait',
  'serviceLevel',
  'offered',
  'answered',
  'abandoned',
  'abandonRate',
  'asa',
  'aht',
  'agents',
  'slaBreaches',
] as const;
export type Tile = (typeof TILES)[number];

export const DEFAULT_THRESHOLDS: Readonly<Partial<Record<ThresholdFigure, Threshold>>> = {
  waiting: { direction: 'above', warn: 5, critical: 10 },
  longestWaitSeconds: { direction: 'above', warn: 60, critical: 120 },
  serviceLevel: { direction: 'below', warn: 0.8, critical: 0.6 },
  abandonRate: { direction: 'above', warn: 0.05, critical: 0.1 },
};

/** Each figure's levels within what the figure can be: shares 0 to 100 %, counts and seconds 0 or more. */
const thresholdsSchema = z
  .partialRecord(z.enum(THRESHOLD_FIGURES, { error: 'Not a figure a threshold can colour' }), thresholdSchema)
  .superRefine((all, ctx) => {
    for (const [figure, t] of Object.entries(all) as [ThresholdFigure, Threshold | undefined][]) {
      const info = THRESHOLD_FIGURE_INFO[figure];
      for (const which of ['warn', 'critical'] as const) {
        const v = t?.[which];
        if (v === null || v === undefined) continue;
        const share = info.unit === '%';
        if (v >= 0 && (!share || v <= 1)) continue;
        const name = which === 'warn' ? 'Warn' : 'Critical';
        ctx.addIssue({
          code: 'custom',
          path: [figure, which],
          message: share ? `${name} level must be between 0 and 100 %` : `${name} level must be 0 or more`,
        });
      }
    }
  });

export const boardSchema = z.object({
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(80, 'Use at most 80 characters for the name'),
  /** Queue ids (the `id` of a QueueView) in display order, or every queue the sources report. */
  queues: z.union([z.literal('all'), z.array(z.string().min(1)).max(500)]).default('all'),
  tiles: z
    .array(z.enum(TILES))
    .max(TILES.length)
    .default([...TILES]),
  thresholds: thresholdsSchema.default({ ...DEFAULT_THRESHOLDS }),
  /** Seconds per page when the kiosk has more queues or agents than fit on one screen. */
  rotationSeconds: z
    .number({ error: 'Page rotation must be a number of seconds' })
    .int('Page rotation must be whole seconds')
    .min(5, 'Page rotation must be at least 5 s')
    .max(600, 'Page rotation must be at most 600 s')
    .default(15),
  /** Show caller numbers as `+44 7••• ••• 123`. */
  maskCallers: z.boolean().default(false),
  theme: z.enum(['dark', 'light']).default('dark'),
  /**
   * How this board's service level is counted (lib/domain/figures.ts, docs/metrics.md). Per board,
   * not per queue: it is a way of reading the same counters, and two boards may read them differently.
   * Boards stored before it existed read as the default, which is what they showed then.
   */
  serviceLevelFormula: z
    .enum(Object.keys(SERVICE_LEVEL_FORMULAS) as [ServiceLevelFormula, ...ServiceLevelFormula[]])
    .default(DEFAULT_SERVICE_LEVEL_FORMULA),
  /**
   * Seconds in a state from which an agent card or row shows warn / critical (long call, long wrap-up,
   * long not ready; lib/board/agentThresholds.ts). Thresholds: supervisors may change them.
   */
  agentThresholds: agentThresholdsSchema,
  /**
   * Whether short abandons count in the abandon rate (admins: it decides what the number means) and
   * the calls it needs before it gets a level (supervisors too); lib/board/abandonRate.ts.
   */
  abandonRate: abandonRateSettingsSchema,
  /** Alert rules (lib/alerts/rules.ts); admins edit them. Boards stored before: none. */
  alerts: alertRulesSchema,
  /** The kiosk chimes (Web Audio) while one of the board's alerts is raised and not acknowledged. */
  alertChime: z.boolean().default(false),
});
export type Board = z.infer<typeof boardSchema>;
export type BoardInput = z.input<typeof boardSchema>;

export const DEFAULT_BOARD_ID = 'all-queues';
export const DEFAULT_BOARD: Board = boardSchema.parse({ name: 'All queues' });

/** Board ids appear in URLs (`/boards/<id>`, `/kiosk/<id>`). */
export const boardIdSchema = z.string().regex(ID_PATTERN, ID_RULE);

/** A new board as `POST /api/v1/boards` takes it: its id beside its settings. */
export const newBoardSchema = boardSchema.extend({ id: boardIdSchema });
