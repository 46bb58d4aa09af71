import type { Formatter } from '../../lib/board/format';
import type { ReportInterval } from '../../lib/reports/intervals';

const DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "Sun 6 Dec 2026" for a day label: its calendar date, written without any zone shifting it. */
export function dayText(day: string): string {
  return DATE.format(Date.parse(`${day}T00:00:00Z`));
}

/**
 * A period as a person reads it, from the API's local text ("2026-12-06T14:00:00+01:00", already in
 * the configured timezone): the day (or "week of" its Monday), and below a day its local time in the
 * board's clock format; the time alone when the report covers one day.
 */
export function periodText(period: string, interval: ReportInterval, oneDay: boolean, f: Formatter): string {
  const day = period.slice(0, 10);
  switch (interval) {
    case 'week':
      return `Week of ${dayText(day)}`;
    case 'day':
      return dayText(day);
    default: {
      const time = f.wallTime(period.slice(11, 16));
      return oneDay ? time : `${dayText(day)} ${time}`;
    }
  }
}
