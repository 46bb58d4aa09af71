/**
 * Report periods in the configured timezone: where an hour or a week starts, and how an instant is
 * written (local time with its UTC offset, so a spreadsheet in another zone still reads it right).
 */

export const INTERVALS = ['15m', 'hour', 'day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(at: number, timeZone: string): Record<string, number> {
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
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

type Parts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

/** How far local wall time is ahead of UTC at `at`, ms. */
export function offsetMsAt(at: number, timeZone: string): number {
  const p = partsOf(at, timeZone) as Parts;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** "2026-03-10T08:15:00+01:00": the local wall time at `at` and its offset from UTC. */
export function localIso(at: number, timeZone: string): string {
  const p = partsOf(at, timeZone) as Parts;
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMinutes = Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  );
}

/** The start of the local hour holding `at` (a 15-minute bucket start): its local minutes removed. */
export function hourStartOf(at: number, timeZone: string): number {
  const p = partsOf(at, timeZone);
  return at - ((p.minute ?? 0) * 60 + (p.second ?? 0)) * 1000;
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
