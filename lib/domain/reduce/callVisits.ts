import { extensionKeyOf, queueKeyOf, wrapKeyOf } from '../keys';
import type { CallState, DomainState, Leg } from '../state';
import type { VisitFacts } from '../visit';
import { holdState } from './holds';
import { resolveQueue } from './queueRef';
import { applyVisitFacts } from './visits';

/**
 * Queue figures for sources that report calls rather than queues (PortSIP CDR webhooks, 3CX,
 * VoIPstudio): a leg that rings a queue is a stay in that queue, the first extension that answers
 * while it lasts answered it, and a queue leg that ends unanswered was abandoned, or overflowed when
 * the call went on to another leg. Re-derived after every fact about the call; the visit merge keeps
 * the result independent of arrival order.
 */
function isQueueLeg(state: DomainState, call: CallState, leg: Leg): boolean {
  if (leg.kind === 'queue') return true;
  if (leg.kind !== 'unknown') return false;
  return state.queues.has(queueKeyOf(call.scope, leg.target));
}

function firstAnswer(legs: readonly Leg[], from: number, until: number | undefined): Leg | undefined {
  let best: Leg | undefined;
  for (const l of legs) {
    if (l.answeredAt === undefined || l.answeredAt < from) continue;
    if (until !== undefined && l.answeredAt > until) continue;
    if (!best || (best.answeredAt ?? 0) > l.answeredAt) best = l;
  }
  return best;
}

function talkOf(leg: Leg): number | undefined {
  if (leg.talkSeconds !== undefined) return leg.talkSeconds;
  if (leg.endedAt !== undefined && leg.answeredAt !== undefined) {
    return Math.max(0, (leg.endedAt - leg.answeredAt) / 1000);
  }
  return undefined;
}

function holdSecondsOf(call: CallState): number | undefined {
  const { seconds } = holdState(call.holds);
  return seconds > 0 ? seconds : undefined;
}

function wrapOf(state: DomainState, call: CallState, agent: string): number | undefined {
  const w = state.wrapUps.get(wrapKeyOf(extensionKeyOf(call.scope, agent), call.callId));
  return w?.startedAt !== undefined && w.endedAt !== undefined
    ? Math.max(0, (w.endedAt - w.startedAt) / 1000)
    : undefined;
}

function factsFor(
  state: DomainState,
  call: CallState,
  queueLeg: Leg,
  legs: readonly Leg[],
  queueLegs: ReadonlySet<Leg>,
): VisitFacts | null {
  // A queue leg seen only at its end (its start went unreported) is a stay of unknown wait, not 0 s.
  const enqueuedAt = queueLeg.addedAt ?? queueLeg.answeredAt;
  // Another queue's leg is never an agent: a queue picks up at once to play music on hold (seed 000),
  // so a call overflowing to a queue would otherwise look answered in the overflow second.
  const agents = legs.filter(
    (l) => l !== queueLeg && (l.kind === 'extension' || l.kind === 'unknown') && !queueLegs.has(l),
  );
  const answer = firstAnswer(agents, enqueuedAt ?? Number.NEGATIVE_INFINITY, queueLeg.endedAt);
  if (answer?.answeredAt !== undefined) {
    return {
      enqueuedAt,
      outcome: 'answered',
      outcomeAt: answer.answeredAt,
      fromLegs: true,
      agent: answer.target,
      talkSeconds: talkOf(answer),
      holdSeconds: holdSecondsOf(call),
      wrapSeconds: wrapOf(state, call, answer.target),
    };
  }
  const queueOver =
    queueLeg.status !== 'added' && queueLeg.status !== 'ringing' && queueLeg.status !== 'answered';
  const leftAt = queueOver
    ? (queueLeg.endedAt ?? call.endedAt)
    : call.phase === 'ended'
      ? call.endedAt
      : undefined;
  if (leftAt === undefined) return enqueuedAt === undefined ? null : { enqueuedAt };
  const wentOn = legs.some((l) => l !== queueLeg && wentOnTo(l, leftAt));
  const outcome = wentOn ? 'overflowed' : 'abandoned';
  return { enqueuedAt, outcome, outcomeAt: leftAt, fromLegs: true };
}

/**
 * Whether the call went on to `leg` after leaving the queue at `leftAt`. A leg started later did. A leg
 * started in the very second the queue leg ended (whole-second PBX times) may instead be an agent the
 * queue began ringing as the caller hung up: it shows the call went on only once it was answered or
 * outlasted that second. Until then the stay reads abandoned, which a later fact can still raise to
 * overflowed (the merge only goes up), whereas an overflow read too early could never come down.
 */
function wentOnTo(leg: Leg, leftAt: number): boolean {
  if (leg.addedAt === undefined || leg.addedAt < leftAt) return false;
  if (leg.addedAt > leftAt) return true;
  return leg.answeredAt !== undefined || (leg.endedAt !== undefined && leg.endedAt > leftAt);
}

/** The call's visits from its legs; applyVisitFacts links each to the call (callQueues.ts). */
export function deriveVisits(state: DomainState, call: CallState): DomainState {
  const legs = Object.values(call.legs);
  // Which legs are queues, looked up once per call change (not once per leg and visit): this runs on
  // every fact about a call. Resolving a queue below never makes another leg one.
  const queueLegs = new Set<Leg>();
  for (const leg of legs) if (isQueueLeg(state, call, leg)) queueLegs.add(leg);
  let s = state;
  for (const leg of queueLegs) {
    const where = { tenant: call.scope, source: call.source, at: call.lastEventAt };
    const r = resolveQueue(s, where, { number: leg.target });
    if (!r.key) continue;
    const facts = factsFor(r.state, call, leg, legs, queueLegs);
    if (!facts) continue;
    s = applyVisitFacts(r.state, r.key, call.callId, facts);
  }
  return s;
}
