/**
 * Formats outside the board's formatter. Figures, clocks, moments and shares go through
 * lib/board/format.ts (Settings → General: clock format, number language, timezone), on the settings
 * pages too (`useMoment`).
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

/** "just now", "42 s ago", "5 min ago", "2 h ago". */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'no events yet';
  if (seconds < 2) return 'just now';
  if (seconds < 90) return `${Math.floor(seconds)} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
