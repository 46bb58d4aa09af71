'use client';

import { useMemo } from 'react';
import { useServerNow } from '../live/clock';
import { useBoardAlerts } from './AlertsProvider';
import { alertMarks, soundingOf } from './glass';
import { type ChimeState, useChime } from './useChime';

/** A board's alerts as a screen shows them: the list, the tiles to mark, and the chime's state. */
export function useKioskAlerts(boardId: string, chime: boolean) {
  const list = useBoardAlerts(boardId);
  const marks = useMemo(() => alertMarks(list), [list]);
  const now = useServerNow() ?? 0;
  const sounding = soundingOf(list, now).length > 0;
  const state: ChimeState = useChime(sounding, chime);
  return { list, marks, chime: state };
}
