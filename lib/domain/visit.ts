import type { CallerKind } from './events';

/**
 * One caller's stay in one queue, keyed by queue and call. Facts about it arrive from several
 * sources, duplicated and in any order; `mergeVisit` is commutative, associative and idempotent, so the
 * visit (and hence every counter derived from it) ends the same whatever the arrival order.
 */
export type Outcome = 'waiting' | 'abandoned' | 'overflowed' | 'answered' | 'callback';

/**
 * When sources disagree on how a stay ended, the higher rank wins: if anyone saw an agent answer, the
 * caller was answered; a stay that continued elsewhere overflowed rather than being abandoned. A
 * callback request ends the stay for good: the later call-back by an agent answers the callback, not
 * the stay, so it must not turn a callback into an answered call with an hour-long wait.
 */
const RANK: Record<Outcome, number> = { waiting: 0, abandoned: 1, overflowed: 2, answered: 3, callback: 4 };

export interface Visit {
  readonly key: string;
  readonly queue: string;
  readonly callId: string;
  readonly kind: CallerKind;
  readonly caller?: string;
  /** Earliest known entry into the queue. */
  readonly enqueuedAt?: number;
  readonly outcome: Outcome;
  /** Earliest report of the winning outcome. */
  readonly outcomeAt?: number;
  readonly agent?: string;
  readonly talkSeconds?: number;
  readonly holdSeconds?: number;
  readonly wrapSeconds?: number;
}

export type VisitFacts = Partial<Omit<Visit, 'key' | 'queue' | 'callId'>>;

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function firstString(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** Deterministic pick between two reported values (e.g. two agents answering one stay). */
function pickAgent(
  a: { agent?: string; at?: number },
  b: { agent?: string; at?: number },
): string | undefined {
  if (a.agent === undefined) return b.agent;
  if (b.agent === undefined) return a.agent;
  const ta = a.at ?? Number.POSITIVE_INFINITY;
  const tb = b.at ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? a.agent : b.agent;
  return a.agent.localeCompare(b.agent) <= 0 ? a.agent : b.agent;
}

export function newVisit(key: string, queue: string, callId: string): Visit {
  return { key, queue, callId, kind: 'normal', outcome: 'waiting' };
}

export function mergeVisit(visit: Visit, facts: VisitFacts): Visit {
  const incoming = facts.outcome ?? 'waiting';
  let outcome = visit.outcome;
  let outcomeAt = visit.outcomeAt;
  let agent = visit.agent;
  if (RANK[incoming] > RANK[outcome]) {
    outcome = incoming;
    outcomeAt = facts.outcomeAt;
    agent = facts.agent ?? (incoming === 'answered' ? undefined : agent);
  } else if (incoming === outcome && incoming !== 'waiting') {
    agent = pickAgent({ agent, at: outcomeAt }, { agent: facts.agent, at: facts.outcomeAt });
    outcomeAt = minDefined(outcomeAt, facts.outcomeAt);
  }
  const next: Visit = {
    ...visit,
    // A callback request anywhere marks the stay as a callback stay.
    kind: visit.kind === 'callback' || facts.kind === 'callback' ? 'callback' : 'normal',
    caller: firstString(visit.caller, facts.caller),
    enqueuedAt: minDefined(visit.enqueuedAt, facts.enqueuedAt),
    outcome,
    outcomeAt,
    agent,
    talkSeconds: maxDefined(visit.talkSeconds, facts.talkSeconds),
    holdSeconds: maxDefined(visit.holdSeconds, facts.holdSeconds),
    wrapSeconds: maxDefined(visit.wrapSeconds, facts.wrapSeconds),
  };
  return sameVisit(visit, next) ? visit : next;
}

function sameVisit(a: Visit, b: Visit): boolean {
  return (
    a.kind === b.kind &&
    a.caller === b.caller &&
    a.enqueuedAt === b.enqueuedAt &&
    a.outcome === b.outcome &&
    a.outcomeAt === b.outcomeAt &&
    a.agent === b.agent &&
    a.talkSeconds === b.talkSeconds &&
    a.holdSeconds === b.holdSeconds &&
    a.wrapSeconds === b.wrapSeconds
  );
}

/** The instant that decides which day (and 15-minute bucket) a visit counts in. */
export function anchorOf(visit: Visit): number | undefined {
  return visit.enqueuedAt ?? visit.outcomeAt;
}
