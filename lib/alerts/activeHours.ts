import { type LocalParts, localParts } from '../domain/time';
import { type ActiveHours, WEEKDAYS } from './rules';

/**
 * Whether a rule is active at `at` in the board's timezone: no hours at all means always; a weekday
 * missing from the map means not that day; otherwise from ≤ local time < to (wall-clock "HH:MM", so a
 * DST change moves the span with the clock on the wall, as people read it).
 */
export function isActiveAt(hours: ActiveHours, timeZone: string, at: number): boolean {
  return hours === null || isActiveIn(hours, localParts(at, timeZone));
}

/** The same from the local time's fields (worked out once per evaluation and timezone). */
export function isActiveIn(hours: ActiveHours, p: LocalParts): boolean {
  if (hours === null) return true;
  // Monday first, as WEEKDAYS: getUTCDay() is 0 on Sunday.
  const weekday = WEEKDAYS[(new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7];
  const span = weekday ? hours[weekday] : undefined;
  if (!span) return false;
  const hhmm = `${String(p.hour % 24).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return span.from <= hhmm && hhmm < span.to;
}
