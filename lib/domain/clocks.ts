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
  return pbxTime + (state.clocks[source] ?? 0);
}

/** An event's time on the server's timeline: an arrival time as it is, a PBX time moved. */
export function eventServerTime(state: Pick<DomainState, 'clocks'>, e: DomainEvent): number {
  return e.atArrival ? e.at : onServerTimeline(state, e.source, e.at);
}
