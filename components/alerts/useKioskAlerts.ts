'use client';

import { useEffect, useMemo, useState } from 'react';
import type { AlertView } from '../../lib/protocol';
import { useAlerts, useBoardAlerts } from './AlertsProvider';
import { alertMarks, soundingOf } from './glass';
import { type ChimeState, useChime } from './useChime';

/**
 * A board's alerts as a screen shows them: the list, the tiles to mark, what sounds now (raised and
 * not snoozed) and the chime's state. Re-renders when the list changes or a snooze ends, never on a
 * ticking clock: the board under it must not re-render every second.
 */
export function useKioskAlerts(boardId: string, chime: boolean) {
  const list = useBoardAlerts(boardId);
  const marks = useMemo(() => alertMarks(list), [list]);
  const sounding = useSounding(list);
  const state: ChimeState = useChime(sounding.length > 0, chime);
  return { list, marks, sounding, chime: state };
}

/** The alerts sounding now, on the server's clock; looked at again when the next snooze ends. */
function useSounding(list: readonly AlertView[]): readonly AlertView[] {
  const offset = useAlerts((s) => s.offsetMs);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const t = Date.now() + offset;
    setNow(t);
    const ends = list.flatMap((a) => (a.snoozedUntil !== null && a.snoozedUntil > t ? [a.snoozedUntil] : []));
    if (ends.length === 0) return;
    const timer = setTimeout(() => setNow(Date.now() + offset), Math.min(...ends) - t + 50);
    return () => clearTimeout(timer);
  }, [list, offset]);
  return useMemo(() => soundingOf(list, now), [list, now]);
}
