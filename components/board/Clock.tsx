'use client';

import { useNow } from '../live/clock';

const fmt = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The wall clock: a leaf that ticks by itself. */
export function Clock({ className = '' }: { className?: string }) {
  const now = useNow();
  return (
    <time
      className={`clock tabular-nums ${className}`}
      dateTime={now === null ? undefined : new Date(now).toISOString()}
      suppressHydrationWarning
    >
      {now === null ? '--:--:--' : fmt.format(now)}
    </time>
  );
}
