import type { DomainEvent } from './events';
import type { DomainState } from './state';

/**
 * Two clocks meet on a wallboard: the PBX's, which stamps its facts, and the server's, which says
 * what `now` is. They are never compared or subtracted directly (docs/metrics.md, "Two clocks"):
 * a PBX time meets `now` only after this moves it by its source's estimated offset. Until a source's
 * first estimate (and for 3CX, whose times are arrival times already) the offset is 0.
 */
export function onServerTimeline(
  state: Pick<DomainState, 'clocks'>,
  source: string,
  pbxTime: number,
): number {
  const offset = state.clocks[source];
  return offset === undefined ? pbxTime : moved(pbxTime, offset);
}

/**
 * Every PBX we read stamps whole seconds, cut down: a fact stamped 10:00:05 happened in the second
 * that followed. Moved onto the server's timeline it is put mid-second, so that what a viewer sees
 * is within half a second of the truth either way rather than up to a second early.
 */
const MID_SECOND_MS = 500;
const moved = (pbxTime: number, offsetMs: number) => pbxTime + offsetMs + MID_SECOND_MS;

/** An event's time on the server's timeline: an arrival time as it is, a PBX time moved. */
export function eventServerTime(state: Pick<DomainState, 'clocks'>, e: DomainEvent): number {
  return e.atArrival ? e.at : onServerTimeline(state, e.source, e.at);
}

/**
 * Whose clock a listed entry's times are on, and its offset when the fact arrived. A drifting PBX
 * clock (50 ms a minute) measures a half-hour stay 1.5 s wrong if moved by today's offset; the
 * offset of the moment the fact was reported is right for it. Absent when none was known yet (the
 * first snapshot after a connect): the source's current estimate stands in.
 */
export interface Clocked {
  readonly source: string;
  readonly offsetMs?: number;
}

export function clockedBy(state: Pick<DomainState, 'clocks'>, source: string): Clocked {
  const offsetMs = state.clocks[source];
  return offsetMs === undefined ? { source } : { source, offsetMs };
}

/** Just the clock of an entry (to carry over to its next version). */
export function clockOf(entry: Clocked): Clocked {
  return entry.offsetMs === undefined
    ? { source: entry.source }
    : { source: entry.source, offsetMs: entry.offsetMs };
}

/** A listed entry's PBX time on the server's timeline. */
export function entryServerTime(state: Pick<DomainState, 'clocks'>, entry: Clocked, pbxTime: number): number {
  return entry.offsetMs === undefined
    ? onServerTimeline(state, entry.source, pbxTime)
    : moved(pbxTime, entry.offsetMs);
}
