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
  const offset = state.clocks[e.source];
  // The source's clock first: most events come from a source with none, and need not be asked more.
  return offset === undefined || e.atArrival ? e.at : moved(e.at, offset);
}

/**
 * Whose clock a listed entry's times are on, and its offset when the fact arrived. A drifting PBX
 * clock (50 ms a minute) measures a half-hour stay 1.5 s wrong if moved by today's offset; the
 * offset of the moment the fact was reported is right for it. Undefined when none was known yet (the
 * first snapshot after a connect): the source's current estimate stands in. (Both fields are always
 * present, so that every entry has one shape: the reducer makes one per agent change.)
 */
export interface Clocked {
  readonly source: string;
  readonly offsetMs: number | undefined;
}

/** A listed entry's PBX time on the server's timeline. */
export function entryServerTime(state: Pick<DomainState, 'clocks'>, entry: Clocked, pbxTime: number): number {
  return entry.offsetMs === undefined
    ? onServerTimeline(state, entry.source, pbxTime)
    : moved(pbxTime, entry.offsetMs);
}
