import type { CallerKind } from './events';

/**
 * One caller's stay in one queue, keyed by queue and call. Facts about it arrive from several
 * sources, duplicated and in any order; `mergeVisit` is commutative, associative and idempotent, so the
 * visit (and hence every counter derived from it) ends the same whatever the arrival order.
 */
export type Outcome = 'waiting' | 'lostTrack' | 'abandoned' | 'overflowed' | 'answered' | 'callback';

/**
 * When sources disagree on how a stay ended, the higher rank wins: if anyone saw an agent answer, the
 * caller was answered; a stay that continued elsewhere overflowed rather than being abandoned. A
 * callback request ends the stay for good: the later call-back by an agent answers the callback, not
 * the stay, so it must not turn a callback into an answered call with an hour-long wait. One exception
 * for what call legs say after the queue reported the stay over: `decide`.
 *
 * `lostTrack` ("ended, unknown": the source no longer reports the stay and never said how it ended) is
 * no account of an ending: it is the outcome only while no source reported one (`Visit.lost`), so any
 * real ending, arriving later, replaces it. (Its rank is never used: no Ending has it.) `lost` alone
 * follows arrival order, as the server's and the link's facts that set and clear it do.
 */
const RANK: Record<Outcome, number> = {
  waiting: 0,
  lostTrack: 1,
  abandoned: 2,
  overflowed: 3,
  answered: 4,
  callback: 5,
};

/**
 * Every visit has all of these fields, in this order (absent = undefined): built by one object
 * literal (`record`), a visit keeps its fields inside the object, so the day's tens of thousands of
 * visits cost no second allocation each (docs/benchmarks.md, "Heap of the replayed day"). Its map key
 * (`visitKeyOf(queue, callId)`) is not repeated in it, and `queue` is the queue's own key string.
 */
export interface Visit {
  readonly queue: string;
  readonly callId: string;
  readonly kind: CallerKind;
  /** Earliest known entry into the queue. */
  readonly enqueuedAt?: number;
  /** The outcome counted: `decide(reported, inferred)`. */
  readonly outcome: Outcome;
  /** Earliest report of the winning outcome. */
  readonly outcomeAt?: number;
  readonly agent?: string;
  /** How the queue itself said the stay ended (WSI queue topics), merged over all its reports. */
  readonly reported?: Ending;
  /**
   * How the stay ended as read from the call's legs (CDRs, call-leg sources), merged likewise. The
   * same object as `reported` when both say the same (the usual case once a CDR came).
   */
  readonly inferred?: Ending;
  readonly talkSeconds?: number;
  readonly holdSeconds?: number;
  readonly wrapSeconds?: number;
  /**
   * The source lost track of the stay (reduce/lostTrack.ts): while no ending is reported, the outcome
   * is `lostTrack`. Set and cleared in the arrival order of the facts that say so (a snapshot that no
   * longer lists the caller, then one that lists them again).
   */
  readonly lost?: true;
}

/** One account of how a stay ended. */
export interface Ending {
  readonly outcome: Outcome;
  readonly at?: number;
  readonly agent?: string;
}

export type VisitFacts = Partial<Omit<Visit, 'queue' | 'callId' | 'reported' | 'inferred' | 'lost'>> & {
  /** The outcome was read from call legs (callVisits.ts), not reported by the queue. */
  readonly fromLegs?: boolean;
  /** true: the source lost track of the stay; false: it reports the stay again. */
  readonly lost?: boolean;
};

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
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

/** A visit with its fields in the one order of `Visit` (see there). */
function record(v: Visit): Visit {
  return {
    queue: v.queue,
    callId: v.callId,
    kind: v.kind,
    enqueuedAt: v.enqueuedAt,
    outcome: v.outcome,
    outcomeAt: v.outcomeAt,
    agent: v.agent,
    reported: v.reported,
    inferred: v.inferred,
    talkSeconds: v.talkSeconds,
    holdSeconds: v.holdSeconds,
    wrapSeconds: v.wrapSeconds,
    lost: v.lost,
  };
}

/** `queue`: pass the queue's own key string (QueueState.key), so that its visits share it. */
export function newVisit(queue: string, callId: string): Visit {
  return record({ queue, callId, kind: 'normal', outcome: 'waiting' });
}

/** The visit moved to another queue (a provisional queue merged into its numbered one). */
export function movedVisit(visit: Visit, queue: string): Visit {
  return record({ ...visit, queue });
}

const sameEnding = (a: Ending | undefined, b: Ending | undefined): boolean =>
  a === b ||
  (a !== undefined && b !== undefined && a.outcome === b.outcome && a.at === b.at && a.agent === b.agent);

/**
 * The rank rule for two accounts of one kind (both reported, or both from legs). Order-independent in
 * outcome, time and the agent of an answer, and idempotent; only the agent kept on a non-answered
 * outcome (never counted) can depend on order, as before the two accounts were kept apart.
 */
function mergeEnding(a: Ending | undefined, b: Ending): Ending {
  if (a === undefined || RANK[b.outcome] > RANK[a.outcome]) {
    // A higher outcome that names no agent keeps the one we had, unless it is an answer (whose
    // agent is then unknown). Counters use the agent of answered stays only.
    if (b.agent !== undefined || b.outcome === 'answered' || a?.agent === undefined) return b;
    return { ...b, agent: a.agent };
  }
  if (b.outcome !== a.outcome) return a;
  const agent = pickAgent(a, b);
  const at = minDefined(a.at, b.at);
  return agent === a.agent && at === a.at ? a : { outcome: a.outcome, at, agent };
}

/**
 * The outcome counted, from the queue's report and the call legs' reading. Normally the higher rank
 * wins (a leg shows an agent answered that the queue topics missed; a stay that continued elsewhere
 * overflowed). But legs say only which target answered when, in whole seconds: an answer read from
 * the legs at or after the moment the queue itself reported the caller gone (overflow, hang-up) is
 * the call answered where it went next, e.g. voicemail picking up in the overflow second, so the
 * queue's report decides (docs/metrics.md: answered = WSI agent_answered for WSI stays).
 */
function decide(reported: Ending | undefined, inferred: Ending | undefined): Ending | undefined {
  if (inferred === undefined) return reported;
  if (reported === undefined) return inferred;
  const afterReport =
    RANK[inferred.outcome] > RANK[reported.outcome] &&
    inferred.at !== undefined &&
    reported.at !== undefined &&
    inferred.at >= reported.at;
  return afterReport ? reported : mergeEnding(reported, inferred);
}

export function mergeVisit(visit: Visit, facts: VisitFacts): Visit {
  let { reported, inferred } = visit;
  let outcome = visit.outcome;
  let outcomeAt = visit.outcomeAt;
  let agent = visit.agent;
  const lost = facts.lost === undefined ? visit.lost : facts.lost ? (true as const) : undefined;
  if (facts.outcome !== undefined && facts.outcome !== 'waiting' && facts.outcome !== 'lostTrack') {
    const ending: Ending = { outcome: facts.outcome, at: facts.outcomeAt, agent: facts.agent };
    // Kept apart, so that the outcome is a function of the two merged accounts, whatever the order.
    if (facts.fromLegs) inferred = mergeEnding(inferred, ending);
    else reported = mergeEnding(reported, ending);
    const decided = decide(reported, inferred);
    if (decided) ({ outcome, at: outcomeAt, agent } = decided);
  }
  if (reported === undefined && inferred === undefined) outcome = lost ? 'lostTrack' : 'waiting';
  // Two equal accounts are kept as one object: a CDR usually confirms what the queue reported.
  if (inferred !== reported && sameEnding(inferred, reported)) inferred = reported;
  // The fields in Visit's order, as `record` builds them (one allocation on the hot path).
  const next: Visit = {
    queue: visit.queue,
    callId: visit.callId,
    // A callback request anywhere marks the stay as a callback stay.
    kind: visit.kind === 'callback' || facts.kind === 'callback' ? 'callback' : 'normal',
    enqueuedAt: minDefined(visit.enqueuedAt, facts.enqueuedAt),
    outcome,
    outcomeAt,
    agent,
    reported,
    inferred,
    talkSeconds: maxDefined(visit.talkSeconds, facts.talkSeconds),
    holdSeconds: maxDefined(visit.holdSeconds, facts.holdSeconds),
    wrapSeconds: maxDefined(visit.wrapSeconds, facts.wrapSeconds),
    lost,
  };
  return sameVisit(visit, next) ? visit : next;
}

function sameVisit(a: Visit, b: Visit): boolean {
  return (
    a.kind === b.kind &&
    a.enqueuedAt === b.enqueuedAt &&
    a.outcome === b.outcome &&
    a.outcomeAt === b.outcomeAt &&
    a.agent === b.agent &&
    sameEnding(a.reported, b.reported) &&
    sameEnding(a.inferred, b.inferred) &&
    a.talkSeconds === b.talkSeconds &&
    a.holdSeconds === b.holdSeconds &&
    a.wrapSeconds === b.wrapSeconds &&
    a.lost === b.lost
  );
}

/** The instant that decides which day (and 15-minute bucket) a visit counts in. */
export function anchorOf(visit: Visit): number | undefined {
  return visit.enqueuedAt ?? visit.outcomeAt;
}
