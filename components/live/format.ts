/**
 * Formats outside the board's formatter. Board figures, clocks and shares go through
 * lib/board/format.ts (Settings → General: clock format, number language, timezone).
 */
export { formatDuration } from '../../lib/board/format';

/** A duration in words for screen readers and titles: "2 minutes 5 seconds". */
export function durationWords(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s % 60 || parts.length === 0) parts.push(`${s % 60} second${s % 60 === 1 ? '' : 's'}`);
  return parts.join(' ');
}

const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A moment on this screen's clock: "14:02:11", with the date when it was not today. */
export function formatClock(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  return d.toDateString() === new Date(now).toDateString() ? timeOfDay.format(d) : dateAndTime.format(d);
}

/** "just now", "42 s ago", "5 min ago", "2 h ago". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'no events yet';
  if (seconds < 2) return 'just now';
  if (seconds < 90) return `${Math.floor(seconds)} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
