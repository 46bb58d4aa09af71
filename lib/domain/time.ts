/**
 * Day boundaries in one IANA timezone, DST-safe, with no clock: every function takes the instant.
 * A "day" is [start, end) in ms, from one local reset time ("HH:MM", midnight unless configured) to
 * the next; on DST days it lasts 23 or 25 hours.
 */

export interface DayWindow {
  /** The local calendar date on which this day starts, "YYYY-MM-DD" (03:00 with a 06:00 reset: yesterday). */
  readonly day: string;
  readonly start: number;
  readonly end: number;
}

export const BUCKET_MS = 15 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True if the runtime knows this IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local wall-clock fields at `at` in `timeZone` (24-hour). */
export function localParts(at: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out as unknown as LocalParts;
}

/** How far local wall time is ahead of UTC at `at`, in ms. */
export function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/** "HH:MM", 00:00–23:59: the local time at which a day starts. */
export const DAY_START_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of a day start "HH:MM". Callers validate first; anything else throws. */
export function dayStartMinutes(startsAt: string): number {
  const m = DAY_START_PATTERN.exec(startsAt);
  if (!m) throw new RangeError(`day start "${startsAt}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Local wall time at `at`, as if that wall time were UTC (comparable with Date.UTC(...)). */
function wallAt(at: number, timeZone: string): number {
  return at + offsetAt(at, timeZone);
}

/**
 * The first instant whose local wall time is at or after `wall` (a Date.UTC of local fields). When the
 * wall time occurs twice (clocks going back) that is its first occurrence; when a DST jump skips it,
 * the first instant after the jump.
 */
function firstInstantAtWall(wall: number, timeZone: string): number {
  // Offsets in force around that wall time; a transition changes it at most once in two days.
  const offsets = new Set([
    offsetAt(wall - 86_400_000, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + 86_400_000, timeZone),
  ]);
  let exact = Number.POSITIVE_INFINITY;
  for (const o of offsets) if (wallAt(wall - o, timeZone) === wall) exact = Math.min(exact, wall - o);
  if (exact !== Number.POSITIVE_INFINITY) return exact;
  // Skipped by a jump forward: the jump lies between the two readings; find it to the second.
  let lo = wall - Math.max(...offsets); // still before the wall time
  let hi = wall - Math.min(...offsets); // already past it
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallAt(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** When the day of local date y-m-d starts, for a reset `minutes` after local midnight. */
function dayStart(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  return firstInstantAtWall(Date.UTC(y, m - 1, d, 0, minutes), timeZone);
}

/**
 * The day containing `at`: from the local reset time `startsAt` ("HH:MM", default midnight) on its
 * date to the same local time on the next date. Before the reset, an instant belongs to yesterday.
 */
export function dayWindow(at: number, timeZone: string, startsAt = '00:00'): DayWindow {
  const minutes = dayStartMinutes(startsAt);
  const p = localParts(at, timeZone);
  let date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  let start = dayStart(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), minutes, timeZone);
  if (at < start) {
    date = new Date(Date.UTC(p.year, p.month - 1, p.day - 1));
    start = dayStart(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), minutes, timeZone);
  }
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  const end = dayStart(y, m, d + 1, minutes, timeZone);
  return { day: `${y}-${pad(m)}-${pad(d)}`, start, end };
}

export function inWindow(window: DayWindow, at: number): boolean {
  return at >= window.start && at < window.end;
}

/** 15-minute slot of an instant within its day, counted from the day's start (0…99 on a 25 h day). */
export function bucketOf(window: DayWindow, at: number): number {
  return Math.floor((at - window.start) / BUCKET_MS);
}

/** Local "HH:MM" of a bucket's start, for chart labels. */
export function bucketLabel(window: DayWindow, bucket: number, timeZone: string): string {
  const p = localParts(window.start + bucket * BUCKET_MS, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}
