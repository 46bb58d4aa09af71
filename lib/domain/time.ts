/**
 * Day boundaries in one IANA timezone, DST-safe, with no clock: every function takes the instant.
 * A "day" is [start, end) in ms; on DST days it lasts 23 or 25 hours.
 */

export interface DayWindow {
  /** Local calendar date, "YYYY-MM-DD". */
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

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out as unknown as LocalParts;
}

/** How far local wall time is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The first instant whose local date is year-month-day. Usually local midnight; where a DST jump
 * skips midnight, the first instant after it.
 */
function startOfLocalDate(year: number, month: number, day: number, timeZone: string): number {
  const wallMidnight = Date.UTC(year, month - 1, day);
  let guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  // A second pass corrects guesses made with the offset from the wrong side of a transition.
  guess = wallMidnight - offsetAt(guess, timeZone);
  const p = localParts(guess, timeZone);
  const sameDate = p.year === year && p.month === month && p.day === day;
  if (sameDate) {
    // Step back while the previous hour still has the same date (guess landed after midnight).
    const earlier = guess - 3600_000;
    const q = localParts(earlier, timeZone);
    if (q.year === year && q.month === month && q.day === day) return earlier;
    return guess;
  }
  // Guess fell on the previous date (midnight skipped by DST): the date begins an hour later.
  return guess + 3600_000;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function dayWindow(at: number, timeZone: string): DayWindow {
  const p = localParts(at, timeZone);
  const start = startOfLocalDate(p.year, p.month, p.day, timeZone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  const end = startOfLocalDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone);
  return { day: `${p.year}-${pad(p.month)}-${pad(p.day)}`, start, end };
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
