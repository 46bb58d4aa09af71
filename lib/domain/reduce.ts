import { eventServerTime } from './clocks';
import type { DomainEvent } from './events';
import { scopeOf } from './keys';
import { noteAgreement, notePairing } from './reduce/agreement';
import { resolveCallAlias } from './reduce/callAliases';
import { reduceCallEvent, reduceWrapUp } from './reduce/calls';
import { rollDay } from './reduce/day';
import { onQueueChecked } from './reduce/drift';
import { reduceExtensionEvent } from './reduce/extensions';
import { onGapBackfilled, onGapRecorded } from './reduce/gaps';
import { onTrackLost } from './reduce/lostTrack';
import { reduceQueueEvent } from './reduce/queues';
import { recount } from './reduce/visits';
import type { DomainState, Settings } from './state';
import { dayWindow } from './time';

/**
 * The one reducer: pure, total, and tolerant of duplicates and reordering (see docs/metrics.md).
 * An event from a later day first rolls today over; an event from an earlier day can still correct
 * live state but no longer moves today's figures.
 */
export function reduce(state: DomainState, event: DomainEvent): DomainState {
  if (event.type === 'sourceClockEstimated') {
    if (state.clocks[event.source] === event.offsetMs) return state;
    return { ...state, clocks: { ...state.clocks, [event.source]: event.offsetMs } };
  }
  // The day window is the server's: a PBX time meets it on the server's timeline.
  const at = eventServerTime(state, event);
  let s = at >= state.day.end ? rollDay(state, at) : state;
  const seen = s.sources[event.source];
  // The server's word on a source (trackLost, a self-check, a gap) is no news from it, and says nothing of what it feeds.
  if (!SERVER_WORDS.has(event.type)) {
    if (seen === undefined || at > seen) s = { ...s, sources: { ...s.sources, [event.source]: at } };
    s = withSourceScope(s, event.source, scopeOf(event), at);
  }
  const next = dispatch(s, event);
  // Cross-source agreement (reduce/agreement.ts) is kept only where two sources feed one scope.
  return next.agreement ? noteAgreement(next, event) : next;
}

function dispatch(
  s: DomainState,
  event: Exclude<DomainEvent, { type: 'sourceClockEstimated' }>,
): DomainState {
  switch (event.type) {
    case 'callerQueued':
    case 'callerAnswered':
    case 'callerAbandoned':
    case 'callerOverflowed':
    case 'callbackScheduled':
    case 'queueSnapshotted':
    case 'agentStateChanged':
    case 'agentRemovedFromQueue':
    case 'slaBreachReported':
    case 'queueCreated':
    case 'queueUpdated':
    case 'queueDeleted':
      return reduceQueueEvent(s, event);
    case 'extensionRegistrationChanged':
    case 'extensionCallStatusChanged':
    case 'extensionPresenceChanged':
    case 'extensionCreated':
    case 'extensionUpdated':
    case 'extensionDeleted':
      return reduceExtensionEvent(s, event);
    case 'callStarted':
    case 'callUpdated':
    case 'callLegAdded':
    case 'callLegRinging':
    case 'callLegAnswered':
    case 'callLegNotAnswered':
    case 'callLegFailed':
    case 'callLegEnded':
    case 'callEnded':
    case 'callHeld':
    case 'callResumed':
    case 'callDetailRecorded': {
      // Most call facts name no SIP Call-ID (only PortSIP's CDR ones do): no alias work for them.
      if (event.sipCallId === undefined) return reduceCallEvent(s, event);
      const r = resolveCallAlias(s, event);
      return reduceCallEvent(r.state, r.event);
    }
    case 'wrapUpStarted':
    case 'wrapUpEnded':
      return reduceWrapUp(s, event);
    case 'trackLost':
      return onTrackLost(s, event);
    case 'queueChecked':
      return onQueueChecked(s, event);
    case 'sourceGapRecorded':
      return onGapRecorded(s, event);
    case 'sourceGapBackfilled':
      return onGapBackfilled(s, event);
    default:
      return assertNever(event);
  }
}

const SERVER_WORDS: ReadonlySet<DomainEvent['type']> = new Set([
  'trackLost',
  'queueChecked',
  'sourceGapRecorded',
  'sourceGapBackfilled',
]);

/** Remember that `source` feeds `scope` (a new pair is rare: the record changes only then). */
function withSourceScope(s: DomainState, source: string, scope: string, at: number): DomainState {
  const known = s.sourceScopes?.[source];
  if (known?.includes(scope)) return s;
  const next = { ...s, sourceScopes: { ...s.sourceScopes, [source]: [...(known ?? []), scope] } };
  return notePairing(next, scope, at);
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}

/**
 * Reduce a batch (a coalescing window, a journal replay). Same result as reducing one event at a time,
 * faster: the large maps are made transient for the batch, so a node touched by many events of the
 * batch is copied once, not once per event. The input state is never changed.
 */
export function reduceAll(state: DomainState, events: Iterable<DomainEvent>): DomainState {
  let s: DomainState = {
    ...state,
    queues: state.queues.asMutable(),
    extensions: state.extensions.asMutable(),
    calls: state.calls.asMutable(),
    visits: state.visits.asMutable(),
    visitQueues: state.visitQueues.asMutable(),
    agentsToday: state.agentsToday.asMutable(),
  };
  for (const e of events) s = reduce(s, e);
  return {
    ...s,
    queues: s.queues.asImmutable(),
    extensions: s.extensions.asImmutable(),
    calls: s.calls.asImmutable(),
    visits: s.visits.asImmutable(),
    visitQueues: s.visitQueues.asImmutable(),
    agentsToday: s.agentsToday.asImmutable(),
  };
}

/**
 * New thresholds, timezone or day start: recount today from the visits already known. A moved day
 * window can only count visits still in memory; the server rebuilds from its journal for that.
 */
export function withSettings(state: DomainState, settings: Settings, now: number): DomainState {
  const sameDay =
    settings.timezone === state.settings.timezone &&
    (settings.dayStartsAt ?? '00:00') === (state.settings.dayStartsAt ?? '00:00');
  const day = sameDay ? state.day : dayWindow(now, settings.timezone, settings.dayStartsAt);
  return recount({ ...state, settings, day });
}

export { rollDay };
