'use client';

import { useEffect, useState } from 'react';
import type { QueueView } from '../../lib/domain/view';
import { longestWaitAt } from '../../lib/domain/view';
import { formatDuration } from './format';

/** The one ticking number of a row: it re-renders itself every second, nothing else does. */
export function LongestWait({ waiting }: { waiting: QueueView['waiting'] }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = longestWaitAt({ waiting }, now);
  return <span>{seconds === null ? '—' : formatDuration(seconds)}</span>;
}
