import type { DriftCounts, QueueChecked } from '../events';
import type { DomainState, SourceDriftState } from '../state';
import { inWindow } from '../time';

/**
 * Drift (docs/metrics.md, "Drift"): each journaled self-check adds the differences it found to its
 * source's counts for today. The counts carry the day they belong to, so the day's roll needs no work
 * here: counts of an earlier day read as zero (sourceCheck).
 */
export const NO_DIFFERENCES: DriftCounts = { waitingCaller: 0, agentState: 0 };

export function onQueueChecked(state: DomainState, e: QueueChecked): DomainState {
  const prev = state.drift?.[e.source];
  const dayStart = state.day.start;
  const today = inWindow(state.day, e.at);
  // A check replayed from an earlier day (the journal's look-back) proves nothing about today.
  if (!today && prev && prev.lastCheckedAt >= e.at) return state;
  const base = prev && prev.dayStart === dayStart ? prev.differences : NO_DIFFERENCES;
  const differences = today
    ? {
        waitingCaller: base.waitingCaller + e.differences.waitingCaller,
        agentState: base.agentState + e.differences.agentState,
      }
    : base;
  const next: SourceDriftState = {
    lastCheckedAt: Math.max(prev?.lastCheckedAt ?? e.at, e.at),
    dayStart,
    differences,
  };
  return { ...state, drift: { ...state.drift, [e.source]: next } };
}

/** A source's checks as of today: null before its first. */
export function sourceCheck(
  state: Pick<DomainState, 'drift' | 'day'>,
  source: string,
): { lastCheckedAt: number; differencesToday: DriftCounts } | null {
  const d = state.drift?.[source];
  if (!d) return null;
  return {
    lastCheckedAt: d.lastCheckedAt,
    differencesToday: d.dayStart === state.day.start ? d.differences : NO_DIFFERENCES,
  };
}
