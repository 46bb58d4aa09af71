import { localParts, offsetAt } from '../../lib/domain/time';

/**
 * Report periods in the configured timezone: where an hour or a week starts, and how an instant is
 * written (local time with its UTC offset, so a spreadsheet in another zone still reads it right).
 */

export const INTERVALS = ['15m', 'hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** How far local wall time is ahead of UTC at `at`, ms (lib/domain/time.ts). */
export const offsetMsAt = offsetAt;

/** "2026-03-10T08:15:00+01:00": the local wall time at `at` and its offset from UTC. */
export function localIso(at: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  const offsetMinutes = Math.round(offsetAt(at, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  );
}

/** The start of the local hour holding `at` (a 15-minute bucket start): its local minutes removed. */
export function hourStartOf(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  return at - (p.minute * 60 + p.second) * 1000;
}

/** The Monday ("YYYY-MM-DD") of the ISO week holding the day labelled `day`. */
export function mondayOf(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const back = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - back * 86_400_000).toISOString().slice(0, 10);
}

const HOUR_MS = 3600_000;

/**
 * Where local hours start, as an offset mod one hour (0 in any whole-hour zone), if it is the same all
 * through [from, to): then hour h of the range starts at h·1 h − that offset, and SQLite can group by
 * it. null when it changes inside the range (a zone whose DST moves it by half an hour).
 */
export function hourPhaseOver(from: number, to: number, timeZone: string): number | null {
  const phase = (at: number) => ((offsetMsAt(at, timeZone) % HOUR_MS) + HOUR_MS) % HOUR_MS;
  const first = phase(from);
  // An offset change lasts months: one reading every 12 hours cannot miss it.
  for (let t = from + 12 * HOUR_MS; t < to; t += 12 * HOUR_MS) if (phase(t) !== first) return null;
  return phase(to - 1) === first ? first : null;
}
