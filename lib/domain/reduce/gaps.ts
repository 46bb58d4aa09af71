import type { SourceGapBackfilled, SourceGapRecorded } from '../events';
import type { DomainState, SourceGap } from '../state';

/**
 * Gaps (docs/metrics.md, "Gaps"): spans of today in which a source's facts did not reach the server.
 * They are the server's own facts, journaled, so a restart shows the same gaps; all their times are
 * on the server's timeline. A gap is kept clipped to today: one across the day's start shows from it,
 * one that ended before it is gone.
 */
export function onGapRecorded(state: DomainState, e: SourceGapRecorded): DomainState {
  const gaps = state.gaps ?? [];
  if (gaps.some((g) => g.source === e.source && g.key === e.from)) return state;
  const clipped = clipToDay(
    { source: e.source, key: e.from, from: e.from, to: e.to, reason: e.reason },
    state,
  );
  if (!clipped) return state;
  const next = [...gaps, clipped].sort((a, b) => a.from - b.from || a.source.localeCompare(b.source));
  return { ...state, gaps: next };
}

/** A filled gap stays filled: a later failure of another attempt does not bring it back. */
export function onGapBackfilled(state: DomainState, e: SourceGapBackfilled): DomainState {
  const gaps = state.gaps ?? [];
  const i = gaps.findIndex((g) => g.source === e.source && g.key === e.from);
  const gap = gaps[i];
  if (!gap || gap.backfill?.outcome === 'filled') return state;
  const backfill = {
    outcome: e.outcome,
    calls: e.calls,
    ...(e.detail === undefined ? {} : { detail: e.detail }),
  };
  const next = [...gaps];
  next[i] = { ...gap, backfill };
  return { ...state, gaps: next };
}

/** Today's part of every gap (at the day's roll). */
export function clipGaps(state: DomainState): DomainState {
  if (!state.gaps || state.gaps.length === 0) return state;
  const gaps: SourceGap[] = [];
  for (const g of state.gaps) {
    const clipped = clipToDay(g, state);
    if (clipped) gaps.push(clipped);
  }
  return { ...state, gaps };
}

function clipToDay(g: SourceGap, state: DomainState): SourceGap | null {
  const from = Math.max(g.from, state.day.start);
  const to = Math.min(g.to, state.day.end);
  if (to <= from) return null;
  return from === g.from && to === g.to ? g : { ...g, from, to };
}
