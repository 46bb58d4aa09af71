import { dayWindow } from '../domain/time';

/**
 * The reports page's ranges as the API counts them: days labelled "YYYY-MM-DD" in the configured
 * timezone and day start (Settings → General), never the browser's. Once today's label is known, a
 * preset is calendar arithmetic on labels, which no DST change can bend (a 23-hour day is still one
 * day); the server turns labels into instants.
 */

export const PRESETS = [
  'today',
  'yesterday',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'custom',
] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Readonly<Record<Preset, string>> = {
  today: 'Today',
  yesterday: 'Yesterday',
  thisWeek: 'This week',
  lastWeek: 'Last week',
  thisMonth: 'This month',
  lastMonth: 'Last month',
  custom: 'Custom',
};

/** First and last day, inclusive. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;
const LABEL = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcOf(day: string): number {
  const m = LABEL.exec(day);
  if (!m) throw new Error(`not a day label: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
const labelOf = (utc: number) => new Date(utc).toISOString().slice(0, 10);

/** Whether `text` is a real calendar day "YYYY-MM-DD" (no 31 April). */
export function isDayLabel(text: string): boolean {
  return LABEL.test(text) && labelOf(utcOf(text)) === text;
}

/** Today's label where the figures are counted: the configured zone and day start at `now`. */
export function todayIn(now: number, timeZone: string, dayStartsAt = '00:00'): string {
  return dayWindow(now, timeZone, dayStartsAt).day;
}

export function addDays(day: string, n: number): string {
  return labelOf(utcOf(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both counted (1 for one day). */
export function daysIn(r: DayRange): number {
  return Math.round((utcOf(r.to) - utcOf(r.from)) / DAY_MS) + 1;
}

/** The Monday of the ISO week holding `day` (weeks start on Monday, as the API's weeks do). */
export function mondayOf(day: string): string {
  const back = (new Date(utcOf(day)).getUTCDay() + 6) % 7;
  return addDays(day, -back);
}

function lastOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function parts(day: string): [number, number, number] {
  const d = new Date(utcOf(day));
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
const label = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The range a preset names, seen from `today` (custom: today alone, until the person picks). */
export function presetRange(preset: Preset, today: string): DayRange {
  const [y, m] = parts(today);
  switch (preset) {
    case 'today':
    case 'custom':
      return { from: today, to: today };
    case 'yesterday': {
      const d = addDays(today, -1);
      return { from: d, to: d };
    }
    case 'thisWeek':
      return { from: mondayOf(today), to: today };
    case 'lastWeek': {
      const monday = addDays(mondayOf(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'thisMonth':
      return { from: label(y, m, 1), to: today };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: label(py, pm, 1), to: label(py, pm, lastOfMonth(py, pm)) };
    }
  }
}

/**
 * The range to compare with: the same stretch one step back, so like meets like.
 * - today / yesterday: the day before;
 * - a week preset: seven days back (this week so far, Monday to Wednesday, against last week's
 *   Monday to Wednesday);
 * - a month preset: the month before, from its 1st; a whole month against the whole month before
 *   (March against all of February), a month so far against as many days of the month before, cut at
 *   its end (March 1–31 against February 1–28, March 1–30 too);
 * - custom: as many days, just before.
 */
export function previousRange(range: DayRange, preset: Preset): DayRange {
  switch (preset) {
    case 'today':
    case 'yesterday':
      return { from: addDays(range.from, -1), to: addDays(range.to, -1) };
    case 'thisWeek':
    case 'lastWeek':
      return { from: addDays(range.from, -7), to: addDays(range.to, -7) };
    case 'thisMonth':
    case 'lastMonth': {
      const [y, m] = parts(range.from);
      const [, , toDay] = parts(range.to);
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      const last = lastOfMonth(py, pm);
      const whole = toDay === lastOfMonth(y, m);
      return { from: label(py, pm, 1), to: label(py, pm, whole ? last : Math.min(toDay, last)) };
    }
    case 'custom': {
      const n = daysIn(range);
      return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
    }
  }
}
