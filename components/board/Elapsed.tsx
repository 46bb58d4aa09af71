'use client';

import { useElapsed } from '../live/clock';
import { formatDuration } from '../live/format';

/** Time since a PBX timestamp, ticking in this leaf only. */
export function Elapsed({ since, className = '' }: { since: number | null; className?: string }) {
  const seconds = useElapsed(since);
  return (
    <span className={`tabular-nums ${className}`}>
      {since === null ? '—' : seconds === null ? '' : formatDuration(seconds)}
    </span>
  );
}
