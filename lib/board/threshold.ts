import type { Threshold } from './model';

/**
 * Threshold levels of a figure (docs/metrics.md defines the figures; lib/board/model.ts the
 * thresholds). Pure: the boards colour a tile or a cell with the level AND print a shape beside the
 * colour, so the level never depends on colour vision alone.
 */
export type Level = 'ok' | 'warn' | 'critical' | 'none';

/**
 * `above`: bad at or above the limit (waiting ≥ 5 is warn). `below`: bad under the limit (service
 * level < 0.8 is warn). The worse level wins. No threshold, or no value (unknown, or no denominator):
 * 'none' — nothing to judge, so no colour. A threshold whose levels are both null judges everything ok.
 */
export function thresholdLevel(threshold: Threshold | null | undefined, value: number | null): Level {
  if (!threshold || value === null || !Number.isFinite(value)) return 'none';
  const bad = (limit: number | null) =>
    limit !== null && (threshold.direction === 'above' ? value >= limit : value < limit);
  if (bad(threshold.critical)) return 'critical';
  if (bad(threshold.warn)) return 'warn';
  return 'ok';
}

/** The shape printed beside the colour, and the words a screen reader says. */
export const LEVEL_SYMBOL: Readonly<Record<Level, string>> = {
  ok: '●',
  warn: '▲',
  critical: '◆',
  none: '',
};

export const LEVEL_TEXT: Readonly<Record<Level, string>> = {
  ok: 'within target',
  warn: 'warning',
  critical: 'critical',
  none: '',
};

/**
 * The threshold in words, for printing small on a tile: "warn < 80 % · critical < 60 %".
 * `format` renders a limit in the figure's unit. null when there is no threshold.
 */
export function describeThreshold(
  threshold: Threshold | null | undefined,
  format: (limit: number) => string,
): string | null {
  if (!threshold) return null;
  const op = threshold.direction === 'above' ? '≥' : '<';
  const parts: string[] = [];
  if (threshold.warn !== null) parts.push(`warn ${op} ${format(threshold.warn)}`);
  if (threshold.critical !== null) parts.push(`critical ${op} ${format(threshold.critical)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * The same in the level shapes, for the wall where words would not fit at a readable size:
 * "▲ ≥ 1:00 ◆ ≥ 2:00" (the tile shows the same shape when it is at that level).
 */
export function describeThresholdMarks(
  threshold: Threshold | null | undefined,
  format: (limit: number) => string,
): string | null {
  if (!threshold) return null;
  const op = threshold.direction === 'above' ? '≥' : '<';
  const parts: string[] = [];
  if (threshold.warn !== null) parts.push(`${LEVEL_SYMBOL.warn}\u00a0${op}\u00a0${format(threshold.warn)}`);
  if (threshold.critical !== null)
    parts.push(`${LEVEL_SYMBOL.critical}\u00a0${op}\u00a0${format(threshold.critical)}`);
  return parts.length > 0 ? parts.join(' ') : null;
}
