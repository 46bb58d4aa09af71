import { localParts } from '../domain/time';
import { type ActiveHours, WEEKDAYS } from './rules';

/**
 * Whether a rule is active at `at` in the board's timezone: no hours at all means always; a weekday
 * missing from the map means not that day; otherwise from ≤ local time < to (wall-clock "HH:MM", so a
 * DST change moves the span with the clock on the wall, as people read it).
 */
export function isActiveAt(hours: ActiveHours, timeZone: string, at: number): boolean {
  if (hours === null) return true;
  const p = localParts(at, timeZone);
  // Monday first, as WEEKDAYS: getUTCDay() is 0 on Sunday.
  const weekday = WEEKDAYS[(new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7];
  const span = weekday ? hours[weekday] : undefined;
  if (!span) return false;
  const hhmm = `${String(p.hour % 24).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return span.from <= hhmm && hhmm < span.to;
}
