import { z } from 'zod';
import {
  DEFAULT_SERVICE_LEVEL_FORMULA,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
} from '../domain/figures';

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
 * `above`: the value is bad when it is at or above the limit (waiting ≥ 5). `below`: bad when under
 * the limit (service level < 80 %). A null limit is "no such level".
 */
export const thresholdSchema = z
  .object({
    direction: z.enum(['above', 'below']),
    warn: z.number().finite().nullable(),
    critical: z.number().finite().nullable(),
  })
  .refine(
    (t) =>
      t.warn === null ||
      t.critical === null ||
      (t.direction === 'above' ? t.critical >= t.warn : t.critical <= t.warn),
    { message: 'critical must be at least as bad as warn' },
  );
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

export const boardSchema = z.object({
  name: z.string().trim().min(1).max(80),
  /** Queue ids (the `id` of a QueueView) in display order, or every queue the sources report. */
  queues: z.union([z.literal('all'), z.array(z.string().min(1)).max(500)]).default('all'),
  tiles: z
    .array(z.enum(TILES))
    .max(TILES.length)
    .default([...TILES]),
  thresholds: z.partialRecord(z.enum(THRESHOLD_FIGURES), thresholdSchema).default({ ...DEFAULT_THRESHOLDS }),
  /** Seconds per page when the kiosk has more queues or agents than fit on one screen. */
  rotationSeconds: z.number().int().min(5).max(600).default(15),
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
});
export type Board = z.infer<typeof boardSchema>;
export type BoardInput = z.input<typeof boardSchema>;

export const DEFAULT_BOARD_ID = 'all-queues';
export const DEFAULT_BOARD: Board = boardSchema.parse({ name: 'All queues' });

/** Board ids appear in URLs (`/boards/<id>`, `/kiosk/<id>`). */
export const boardIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, at most 63');
