/**
 * Report granularities and the longest range the API answers for each (the one table: server/http/
 * reports.ts reads it as MAX_DAYS): the page disables what the API would refuse, and says why.
 */
export const REPORT_INTERVALS = ['15m', 'hour', 'day', 'week'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

export const INTERVAL_LABELS: Readonly<Record<ReportInterval, string>> = {
  '15m': '15 minutes',
  hour: 'Hour',
  day: 'Day',
  week: 'Week',
};

export const INTERVAL_MAX_DAYS: Readonly<Record<ReportInterval, number>> = {
  '15m': 7,
  hour: 14,
  day: 800,
  week: 3660,
};

/** Why the API would refuse this granularity over `days` days, or null when it answers. */
export function intervalRefusal(interval: ReportInterval, days: number): string | null {
  const max = INTERVAL_MAX_DAYS[interval];
  return days > max
    ? `${INTERVAL_LABELS[interval]} covers at most ${max} days; this range has ${days}`
    : null;
}

/** A readable default: hours for one day, days up to about two months, weeks beyond. */
export function defaultInterval(days: number): ReportInterval {
  if (days <= 1) return 'hour';
  return days <= 62 ? 'day' : 'week';
}
