import type { Map as IMap } from 'immutable';
import { entryServerTime, onServerTimeline } from '../clocks';
import type { TrackLost } from '../events';
import { extensionKeyOf, visitKeyOf } from '../keys';
import type { CallState, DomainState, WaitingCaller } from '../state';
import { phaseOf } from './callQueues';
import { applyVisitFacts } from './visits';

/**
 * "Ended, unknown" (docs/metrics.md, "Lost track"): entries a source no longer reports are closed when
 * the server says so in a journaled `trackLost` fact, never by a clock read here, so a replay closes
 * the same entries. A closed stay counts as `lostTrack`, neither answered nor abandoned; any real
 * account of its end that arrives later outranks it (visit.ts).
 */
export function onTrackLost(state: DomainState, e: TrackLost): DomainState {
  let s = state;
  if (e.reason === 'bound') s = closeQuietCallers(s, e.source, e.quietSince);
  for (const call of lostCalls(s, e)) s = closeCall(s, call);
  return s;
}

/** Sources with a waiting caller or an open call that has had no news since `quietSince` (server time). */
export function sourcesWithQuietEntries(state: DomainState, quietSince: number): string[] {
  const found = new Set<string>();
  for (const q of state.queues.values()) {
    for (const c of q.waiting?.values() ?? []) if (callerQuiet(state, c, quietSince)) found.add(c.source);
  }
  for (const call of state.calls.values()) {
    if (call.phase !== 'ended' && callQuiet(state, call, quietSince)) found.add(call.source);
  }
  return [...found].sort();
}

const callerQuiet = (state: DomainState, c: WaitingCaller, quietSince: number) =>
  entryServerTime(state, c, c.since) < quietSince;

const callQuiet = (state: DomainState, call: CallState, quietSince: number) =>
  onServerTimeline(state, call.source, call.lastEventAt) < quietSince;

function closeQuietCallers(state: DomainState, source: string, quietSince: number): DomainState {
  let s = state;
  for (const q of state.queues.values()) {
    const quiet = [...(q.waiting?.values() ?? [])].filter(
      (c) => c.source === source && callerQuiet(state, c, quietSince),
    );
    if (quiet.length === 0) continue;
    for (const c of quiet) s = applyVisitFacts(s, q.key, c.sessionId, { lost: true });
    const queue = s.queues.get(q.key);
    if (!queue?.waiting) continue;
    const waiting = queue.waiting.withMutations((m: IMap<string, WaitingCaller>) => {
      for (const c of quiet) m.delete(c.sessionId);
    });
    s = { ...s, queues: s.queues.set(q.key, { ...queue, waiting }) };
  }
  return s;
}

function lostCalls(state: DomainState, e: TrackLost): CallState[] {
  const lost: CallState[] = [];
  for (const call of state.calls.values()) {
    if (call.source !== e.source || call.phase === 'ended' || !callQuiet(state, call, e.quietSince)) continue;
    if (e.reason === 'bound' || !reportedAfterResync(state, call)) lost.push(call);
  }
  return lost;
}

/**
 * Whether the fresh snapshots still show the call: its caller listed as waiting in one of its queues,
 * or an extension it rings or talks to reported on a call. An extension whose status is unknown
 * (its snapshot never came) may be on it: the call is kept, and the no-news bound closes it if need be.
 */
function reportedAfterResync(state: DomainState, call: CallState): boolean {
  for (const q of call.queues) if (state.queues.get(q)?.waiting?.has(call.callId)) return true;
  for (const leg of Object.values(call.legs)) {
    if (leg.kind !== 'extension') continue;
    if (leg.status !== 'added' && leg.status !== 'ringing' && leg.status !== 'answered') continue;
    if (state.extensions.get(extensionKeyOf(call.scope, leg.target))?.callStatus !== 'idle') return true;
  }
  return false;
}

function closeCall(state: DomainState, call: CallState): DomainState {
  const closed = { ...call, lostTrack: true as const };
  let s: DomainState = { ...state, calls: state.calls.set(call.key, { ...closed, phase: phaseOf(closed) }) };
  for (const q of call.queues) {
    const v = s.visits.get(visitKeyOf(q, call.callId));
    if (v?.outcome !== 'waiting') continue;
    s = applyVisitFacts(s, q, call.callId, { lost: true });
    const queue = s.queues.get(q);
    if (queue?.waiting?.has(call.callId))
      s = { ...s, queues: s.queues.set(q, { ...queue, waiting: queue.waiting.delete(call.callId) }) };
  }
  return s;
}
