import { agentQueueKeyOf } from './agentDay';
import { queueKeyOf, visitKeyOf } from './keys';
import type { CallState, DomainState, Leg } from './state';
import { inWindow } from './time';
import { anchorOf, type Visit } from './visit';

/**
 * Missed offers per agent × queue today (docs/metrics.md, "Per-agent figures": missed), read from the
 * calls' legs where a source reports them (PortSIP CDR and `cdr_target_*` events, 3CX, VoIPstudio).
 *
 * An offer is a leg of a queue visit's call that rang an agent (an extension or unnamed target, not a
 * queue) while the caller was in that queue: rung at or after the enqueue and at or before the
 * visit's ending. It is missed when the leg ended without an answer (not answered, or still ringing
 * when the call ended). A failed leg (unreachable, rejected before ringing) was never offered.
 *
 * Read from the calls as they stand, never counted as facts arrive: a final CDR replaces the live legs
 * of its call (reduce/calls.ts), so a ring is counted once whichever of the two reported it. The cost
 * is a walk of today's visits, paid at a day's close and per report, never per event.
 */
export interface MissedOffers {
  /** Queues with at least one visit whose call has legs today: there, missed is known (0 or more). */
  readonly known: ReadonlySet<string>;
  /** By `agentQueueKeyOf(queue, extension)`. */
  readonly counts: ReadonlyMap<string, number>;
}

function isQueueTarget(state: DomainState, call: CallState, leg: Leg): boolean {
  return (
    leg.kind === 'queue' || (leg.kind === 'unknown' && state.queues.has(queueKeyOf(call.scope, leg.target)))
  );
}

function wasMissed(call: CallState, leg: Leg): boolean {
  if (leg.answeredAt !== undefined) return false;
  if (leg.status === 'notAnswered') return true;
  return (leg.status === 'ringing' || leg.status === 'added') && call.phase === 'ended';
}

function missedIn(state: DomainState, call: CallState, visit: Visit, onMissed: (extension: string) => void) {
  const from = visit.enqueuedAt;
  if (from === undefined) return;
  const until = visit.outcome === 'waiting' ? Number.POSITIVE_INFINITY : (visit.outcomeAt ?? call.endedAt);
  for (const leg of Object.values(call.legs)) {
    if (leg.kind !== 'extension' && leg.kind !== 'unknown') continue;
    if (leg.addedAt === undefined || leg.addedAt < from || (until !== undefined && leg.addedAt > until))
      continue;
    if (isQueueTarget(state, call, leg) || !wasMissed(call, leg)) continue;
    onMissed(leg.target);
  }
}

/**
 * One call's part of today's missed offers: the visits it read (whether they exist yet or not), the
 * queues it makes known, and one agent × queue key per missed offer. null: the call has no legs.
 * What the live board keeps per call, to recount only the calls and visits a publication changed.
 */
export interface CallMissed {
  readonly visitKeys: readonly string[];
  readonly known: readonly string[];
  readonly missed: readonly string[];
}

export function callMissedOf(state: DomainState, call: CallState): CallMissed | null {
  if (!hasLegs(call)) return null;
  const visitKeys: string[] = [];
  const known: string[] = [];
  const missed: string[] = [];
  for (const queueKey of call.queues) {
    const visitKey = visitKeyOf(queueKey, call.callId);
    visitKeys.push(visitKey);
    const visit = state.visits.get(visitKey);
    const at = visit && anchorOf(visit);
    if (!visit || at === undefined || !inWindow(state.day, at)) continue;
    known.push(queueKey);
    missedIn(state, call, visit, (extension) => missed.push(agentQueueKeyOf(queueKey, extension)));
  }
  return { visitKeys, known, missed };
}

export function missedOffersOf(state: DomainState): MissedOffers {
  const counts = new Map<string, number>();
  const known = eachMissedOffer(state, (queueKey, extension) => {
    const key = agentQueueKeyOf(queueKey, extension);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return { known, counts };
}

/**
 * Every missed offer of today, with the anchor of its visit (the instant that picks its day and
 * 15-minute bucket, as for the queue's counters); returns the queues where missed is known.
 */
export function eachMissedOffer(
  state: DomainState,
  onMissed: (queueKey: string, extension: string, anchor: number) => void,
): ReadonlySet<string> {
  const known = new Set<string>();
  // By call, not by visit: most calls of a day have no legs (WSI queue topics only), and those cost
  // one check each; a call with legs finds its visits through its own list of queues.
  for (const call of state.calls.values()) {
    if (!hasLegs(call)) continue;
    for (const queueKey of call.queues) {
      const visit = state.visits.get(visitKeyOf(queueKey, call.callId));
      const at = visit && anchorOf(visit);
      if (!visit || at === undefined || !inWindow(state.day, at)) continue;
      known.add(queueKey);
      missedIn(state, call, visit, (extension) => onMissed(queueKey, extension, at));
    }
  }
  return known;
}

function hasLegs(call: CallState): boolean {
  for (const _ in call.legs) return true;
  return false;
}

/** One agent's missed offers in one queue: a count where the queue's calls report rings, else null. */
export function missedOf(offers: MissedOffers, queueKey: string, extension: string): number | null {
  if (!offers.known.has(queueKey)) return null;
  return offers.counts.get(agentQueueKeyOf(queueKey, extension)) ?? 0;
}

/**
 * The agent × queue keys whose missed figure differs between two counts: changed counts, and every
 * agent of a queue whose missed became known (null → 0) or unknown again (a new day). `agentsOf`
 * lists a queue's agents' extensions.
 */
export function changedMissedKeys(
  prev: MissedOffers,
  next: MissedOffers,
  agentsOf: (queueKey: string) => Iterable<string>,
): Set<string> {
  const keys = new Set<string>();
  for (const [key, n] of next.counts) if (prev.counts.get(key) !== n) keys.add(key);
  for (const key of prev.counts.keys()) if (!next.counts.has(key)) keys.add(key);
  const flipped = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
    for (const queueKey of a) {
      if (b.has(queueKey)) continue;
      for (const extension of agentsOf(queueKey)) keys.add(agentQueueKeyOf(queueKey, extension));
    }
  };
  flipped(next.known, prev.known);
  flipped(prev.known, next.known);
  return keys;
}
