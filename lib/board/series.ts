import { DEFAULT_SERVICE_LEVEL_FORMULA, type ServiceLevelFormula, serviceLevelBy } from '../domain/figures';
import type { BucketRow } from '../protocol';

/**
 * Chart rows for one queue from the wire's bucket rows (lib/protocol.ts BucketRow: only non-empty
 * 15-minute buckets travel). Like lib/domain/view.ts bucketSeries, but from what a browser has:
 * - empty buckets are filled in with zero counts and null ratios;
 * - the series runs from `first` to `last` (bucket indexes). The browser does not know the server's
 *   day start, so `last` is the newest bucket any queue has (see `lastBucketOf`): quiet trailing
 *   buckets appear once any queue of the server has a call in them;
 * - a filled-in bucket's label counts 15 minutes on from the nearest known label (so DST days are
 *   right wherever a known bucket sits on the same side of the switch), else from midnight;
 * - service level is the board's formula's (see `bucketServiceLevel`).
 */
/** What a chart plots per bucket; the service level is the board's formula's. */
export type SeriesPoint = Pick<
  BucketRow,
  'bucket' | 'label' | 'offered' | 'answered' | 'abandoned' | 'serviceLevel' | 'asaSeconds'
>;

const DAY_MINUTES = 24 * 60;

function minutesOf(label: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(label);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function labelOf(minutes: number): string {
  const m = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Newest bucket index over all rows (any queue), or null with none. */
export function lastBucketOf(rows: Iterable<Pick<BucketRow, 'bucket'>>): number | null {
  let last: number | null = null;
  for (const r of rows) if (last === null || r.bucket > last) last = r.bucket;
  return last;
}

/** Oldest bucket index over all rows, rounded down to the hour (4 buckets), or null with none. */
export function firstBucketOf(rows: Iterable<Pick<BucketRow, 'bucket'>>): number | null {
  let first: number | null = null;
  for (const r of rows) if (first === null || r.bucket < first) first = r.bucket;
  return first === null ? null : first - (first % 4);
}

/** A bucket's service level under the board's formula, from the counters the row carries. */
export function bucketServiceLevel(row: BucketRow, formula: ServiceLevelFormula): number | null {
  return serviceLevelBy(row, formula);
}

export function queueSeries(
  rows: readonly BucketRow[],
  range: { first: number; last: number } | null,
  formula: ServiceLevelFormula = DEFAULT_SERVICE_LEVEL_FORMULA,
): SeriesPoint[] {
  if (range === null || range.last < range.first) return [];
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  const known = [...byBucket.values()]
    .map((r) => ({ bucket: r.bucket, minutes: minutesOf(r.label) }))
    .filter((k): k is { bucket: number; minutes: number } => k.minutes !== null)
    .sort((a, b) => a.bucket - b.bucket);
  const labelFor = (b: number): string => {
    let anchor: { bucket: number; minutes: number } | undefined;
    for (const k of known) {
      if (k.bucket <= b) anchor = k;
      else {
        anchor ??= k;
        break;
      }
    }
    return anchor ? labelOf(anchor.minutes + (b - anchor.bucket) * 15) : labelOf(b * 15);
  };
  const out: SeriesPoint[] = [];
  for (let b = Math.max(0, range.first); b <= range.last; b++) {
    const r = byBucket.get(b);
    out.push(
      r
        ? {
            bucket: b,
            label: r.label,
            offered: r.offered,
            answered: r.answered,
            abandoned: r.abandoned,
            serviceLevel: bucketServiceLevel(r, formula),
            asaSeconds: r.asaSeconds,
          }
        : {
            bucket: b,
            label: labelFor(b),
            offered: 0,
            answered: 0,
            abandoned: 0,
            serviceLevel: null,
            asaSeconds: null,
          },
    );
  }
  return out;
}
