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
): VisitFacts | null {
  // A queue leg seen only at its end (its start went unreported) is a stay of unknown wait, not 0 s.
  const enqueuedAt = queueLeg.addedAt ?? queueLeg.answeredAt;
  const agents = legs.filter((l) => l !== queueLeg && (l.kind === 'extension' || l.kind === 'unknown'));
  const answer = firstAnswer(agents, enqueuedAt ?? Number.NEGATIVE_INFINITY, queueLeg.endedAt);
  const caller = call.parties.caller;
  if (answer?.answeredAt !== undefined) {
    return {
      enqueuedAt,
      caller,
      outcome: 'answered',
      outcomeAt: answer.answeredAt,
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
  if (leftAt === undefined) return enqueuedAt === undefined ? null : { enqueuedAt, caller };
  const wentOn = legs.some((l) => l !== queueLeg && l.addedAt !== undefined && l.addedAt >= leftAt);
  return { enqueuedAt, caller, outcome: wentOn ? 'overflowed' : 'abandoned', outcomeAt: leftAt };
}

/** The call's visits from its legs; applyVisitFacts links each to the call (callQueues.ts). */
export function deriveVisits(state: DomainState, call: CallState): DomainState {
  const legs = Object.values(call.legs);
  let s = state;
  for (const leg of legs) {
    if (!isQueueLeg(s, call, leg)) continue;
    const where = { tenant: call.scope, source: call.source, at: call.lastEventAt };
    const r = resolveQueue(s, where, { number: leg.target });
    if (!r.key) continue;
    const facts = factsFor(r.state, call, leg, legs);
    if (!facts) continue;
    s = applyVisitFacts(r.state, r.key, call.callId, facts);
  }
  return s;
}
