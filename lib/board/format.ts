/**
 * How a board writes times and numbers, from Settings → General (`GET /api/v1/settings/general`,
 * which a display may read too): 12 or 24 hour clock, the language numbers are written in ('auto' =
 * the screen's own), and the timezone of the wallboard's clock (null: the screen's). One formatter
 * per settings; every board component takes its text from it. Pure apart from Intl.
 *
 * Durations stay m:ss / h:mm:ss in every language: they are read as a stopwatch, not as a number.
 */
export interface DisplayFormats {
  readonly timezone: string | null;
  readonly timeFormat: '24h' | '12h';
  readonly numberLocale: string;
}

export const DEFAULT_FORMATS: DisplayFormats = { timezone: null, timeFormat: '24h', numberLocale: 'auto' };

export interface Formatter {
  readonly formats: DisplayFormats;
  /** Time of day: "14:02:11" or "2:02:11 PM". */
  clock(at: number): string;
  /** A moment: its time when it is today (board timezone), its date and time before. */
  moment(at: number, now: number): string;
  /** A local "HH:MM" (15-minute bucket labels) in the board's clock: "09:15" or "9:15 AM". */
  wallTime(hhmm: string): string;
  /** A whole count: "1,204" (en), "1.204" (de); "—" when unknown. */
  count(n: number | null): string;
  /** A share: "83%" (en), "83 %" (de, fr); "—" when unknown. */
  percent(ratio: number | null, fractionDigits?: number): string;
  /** Any number with up to `fractionDigits` decimals: "12,345.6". */
  number(n: number, fractionDigits?: number): string;
  /** A duration as a stopwatch: "1:05", "1:02:05"; "—" when unknown. */
  duration(seconds: number | null): string;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
    : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** What a settings reply says about formats; anything missing or wrong falls back to the default. */
export function readFormats(body: unknown): DisplayFormats {
  const s = (body as { settings?: Record<string, unknown> } | null)?.settings ?? {};
  const zone = typeof s.timezone === 'string' && validZone(s.timezone) ? s.timezone : null;
  const locale =
    typeof s.numberLocale === 'string' && validLocale(s.numberLocale)
      ? s.numberLocale
      : DEFAULT_FORMATS.numberLocale;
  return { timezone: zone, timeFormat: s.timeFormat === '12h' ? '12h' : '24h', numberLocale: locale };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function validLocale(tag: string): boolean {
  if (tag === 'auto') return true;
  try {
    return Intl.NumberFormat.supportedLocalesOf(tag).length > 0;
  } catch {
    return false;
  }
}

export function createFormatter(formats: DisplayFormats): Formatter {
  const locale = formats.numberLocale === 'auto' ? undefined : formats.numberLocale;
  const zone = formats.timezone ?? undefined;
  const hours = formats.timeFormat === '12h' ? { hour12: true } : { hourCycle: 'h23' as const };
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    hour: formats.timeFormat === '12h' ? 'numeric' : '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...hours,
  });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    month: 'short',
    day: 'numeric',
    hour: formats.timeFormat === '12h' ? 'numeric' : '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...hours,
  });
  const wall = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    hour: formats.timeFormat === '12h' ? 'numeric' : '2-digit',
    minute: '2-digit',
    ...hours,
  });
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const numbers = new Map<number, Intl.NumberFormat>();
  const percents = new Map<number, Intl.NumberFormat>();
  const cached = (m: Map<number, Intl.NumberFormat>, digits: number, style: 'decimal' | 'percent') => {
    let f = m.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style, maximumFractionDigits: digits });
      m.set(digits, f);
    }
    return f;
  };
  return {
    formats,
    clock: (at) => time.format(at),
    moment: (at, now) => (day.format(at) === day.format(now) ? time.format(at) : dateTime.format(at)),
    wallTime(hhmm) {
      const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
      return m ? wall.format(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2]))) : hhmm;
    },
    count: (n) => (n === null ? '—' : integer.format(n)),
    percent: (ratio, digits = 0) =>
      ratio === null ? '—' : cached(percents, digits, 'percent').format(ratio),
    number: (n, digits = 2) => cached(numbers, digits, 'decimal').format(n),
    duration: formatDuration,
  };
}
