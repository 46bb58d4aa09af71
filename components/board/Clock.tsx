'use client';

import { useNow } from '../live/clock';
import { useFormat } from './Formats';

/** The wall clock, in the board's clock format and timezone (Settings → General): a leaf that ticks by itself. */
export function Clock({ className = '' }: { className?: string }) {
  const now = useNow();
  const f = useFormat();
  return (
    <time
      className={`clock tabular-nums ${className}`}
      dateTime={now === null ? undefined : new Date(now).toISOString()}
      data-time-format={f.formats.timeFormat}
      suppressHydrationWarning
    >
      {now === null ? '--:--:--' : f.clock(now)}
    </time>
  );
}
