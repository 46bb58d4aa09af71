import { Map as IMap } from 'immutable';
import type { DomainEvent, QueueRef } from '../events';
import { callKeyOf, provisionalQueueKeyOf, queueKeyOf, scopeOf, visitKeyOf } from '../keys';
import type { DomainState } from '../state';
import { bucketOf, inWindow } from '../time';
import { anchorOf, type Outcome, type Visit } from '../visit';

/**
 * Cross-source agreement (docs/metrics.md "Drift — agreement"): where two sources feed one scope (a
 * PortSIP tenant reached by its WSI link and by its CDR webhook), each one's own account of today's
 * queue stays, counted per queue and quarter-hour, so that a selector (lib/domain/agreement.ts) can
 * compare them. Only paired scopes are tracked: a board with one source per PBX pays one lookup per
 * event and keeps nothing.
 *
 * Per stay it keeps one small integer (an SMI, no object): the quarter-hour it entered, the one it
 * ended in, and 2 bits per source saying how far that source has accounted for it. Counts are moved
 * by the difference of that integer's contribution, like the queue counters (reduce/visits.ts).
 */

/** At most this many sources per day are tracked (2 bits each beside two 7-bit buckets: 30 bits). */
export const MAX_AGREEMENT_SOURCES = 8;

/** What a source has said of a stay: nothing, that it was there, how it ended. */
const NONE = 0;
const SEEN = 1;
const UNANSWERED = 2;
const ANSWERED = 3;

export interface AgreementState {
  /** Scopes fed by two or more sources. */
  readonly scopes: Readonly<Record<string, true>>;
  /** Each tracked source's slot (0…7), in the order they were paired. */
  readonly slots: Readonly<Record<string, number>>;
  /** Each tracked source's first quarter-hour of today with its whole account (it was paired before). */
  readonly from: Readonly<Record<string, number>>;
  /**
   * By queue key: the slots (bit per slot) that have ever reported a stay in it, kept across days. A
   * queue is compared only between sources that both feed it: a WSI link told to follow some queues
   * only is not "disagreeing" on the others, and a webhook that stops delivering still is.
   */
  readonly fed: Readonly<Record<string, number>>;
  /** By visit key: entry bucket + 1 (bits 0–6), end bucket + 1 (7–13), 2 bits per slot from bit 14. */
  readonly marks: IMap<string, number>;
  /** By `${queueKey}|${bucket}`: per slot [offered, answered, unanswered], flattened. */
  readonly counts: IMap<string, readonly number[]>;
}

/** Per slot: offered (entered in the bucket), answered and left unanswered (ended in it). */
export const COUNTS_PER_SLOT = 3;

export function countsKeyOf(queueKey: string, bucket: number): string {
  return `${queueKey}|${bucket}`;
}

/**
 * A source started feeding `scope` (a new source–scope pair, rare): once two sources feed it, the
 * scope is paired and each of its sources gets a slot. Counting starts at the next quarter-hour (`at`
 * is the event's server time): the one under way is partly missing from the newcomer.
 */
export function notePairing(s: DomainState, scope: string, at: number): DomainState {
  const feeders: string[] = [];
  for (const [source, scopes] of Object.entries(s.sourceScopes ?? {})) {
    if (scopes.includes(scope)) feeders.push(source);
  }
  if (feeders.length < 2) return s;
  const a = s.agreement ?? {
    scopes: {},
    slots: {},
    from: {},
    fed: {},
    marks: IMap<string, number>(),
    counts: IMap<string, readonly number[]>(),
  };
  let slots = a.slots;
  let from = a.from;
  const start = inWindow(s.day, at) ? bucketOf(s.day, at) + 1 : 0;
  for (const source of feeders.sort()) {
    const taken = Object.keys(slots).length;
    if (slots[source] !== undefined || taken >= MAX_AGREEMENT_SOURCES) continue;
    slots = { ...slots, [source]: taken };
    from = { ...from, [source]: start };
  }
  const scopes = a.scopes[scope] ? a.scopes : { ...a.scopes, [scope]: true as const };
  return { ...s, agreement: { ...a, scopes, slots, from } };
}

/** A new day: nothing of yesterday is compared; the pairs stay, and are compared from its start. */
export function rollAgreement(a: AgreementState): AgreementState {
  const from: Record<string, number> = {};
  for (const source of Object.keys(a.slots)) from[source] = 0;
  return { ...a, from, marks: a.marks.clear(), counts: a.counts.clear() };
}

const CALL_ENDINGS = new Set<DomainEvent['type']>([
  'callLegAnswered',
  'callLegNotAnswered',
  'callLegFailed',
  'callLegEnded',
  'callEnded',
  'callDetailRecorded',
]);

/**
 * Credit the event's source with what it said about the stays it concerns, after the reducer applied
 * it. A fact about an answer or an ending credits the stay's outcome as the merged visit now has it;
 * any other fact only that the source saw the stay.
 */
export function noteAgreement(s: DomainState, e: DomainEvent): DomainState {
  const a = s.agreement;
  if (!a) return s;
  const slot = a.slots[e.source];
  if (slot === undefined) return s;
  const scope = scopeOf(e);
  if (!a.scopes[scope]) return s;
  switch (e.type) {
    case 'callerQueued':
      return credit(s, slot, queueOf(s, scope, e.queue), e.caller.sessionId, false);
    case 'callerAnswered':
    case 'callerAbandoned':
    case 'callerOverflowed':
    case 'callbackScheduled':
      return credit(s, slot, queueOf(s, scope, e.queue), e.sessionId, true);
    case 'agentStateChanged':
      return e.agent.state === 'queueCall' && e.agent.sessionId !== undefined
        ? credit(s, slot, queueOf(s, scope, e.queue), e.agent.sessionId, true)
        : s;
    case 'queueSnapshotted': {
      const key = queueOf(s, scope, e.queue);
      let next = s;
      for (const c of e.waiting) next = credit(next, slot, key, c.sessionId, false);
      return next;
    }
    case 'callStarted':
    case 'callUpdated':
    case 'callLegAdded':
    case 'callLegRinging':
    case 'callHeld':
    case 'callResumed':
    case 'callLegAnswered':
    case 'callLegNotAnswered':
    case 'callLegFailed':
    case 'callLegEnded':
    case 'callEnded':
    case 'callDetailRecorded': {
      const call = s.calls.get(callKeyOf(scope, e.callId));
      if (!call) return s;
      const ending = CALL_ENDINGS.has(e.type);
      let next = s;
      for (const q of call.queues) next = credit(next, slot, q, e.callId, ending);
      return next;
    }
    default:
      return s;
  }
}

/** The queue key the reducer filed the event under (queueRef.ts), without creating anything. */
function queueOf(s: DomainState, scope: string, ref: QueueRef): string | undefined {
  const inScope = ref.tenant ?? scope;
  if (ref.number !== undefined) return queueKeyOf(inScope, ref.number);
  if (ref.id === undefined) return undefined;
  const idKey = provisionalQueueKeyOf(inScope, ref.id);
  return s.queueIds[idKey] ?? idKey;
}

function classOf(outcome: Outcome): number {
  if (outcome === 'answered') return ANSWERED;
  if (outcome === 'abandoned' || outcome === 'overflowed' || outcome === 'callback') return UNANSWERED;
  return SEEN;
}

/** Entry and end quarter-hours of a stay today, + 1 (0: not today, or not known). */
function bucketsOf(s: DomainState, v: Visit): number {
  const anchor = anchorOf(v);
  if (anchor === undefined || !inWindow(s.day, anchor)) return 0;
  const entry = bucketOf(s.day, anchor) + 1;
  const endAt = v.outcomeAt;
  const end = endAt !== undefined && inWindow(s.day, endAt) ? bucketOf(s.day, endAt) + 1 : entry;
  return entry | (end << 7);
}

function credit(
  s: DomainState,
  slot: number,
  queueKey: string | undefined,
  callId: string,
  ending: boolean,
): DomainState {
  if (queueKey === undefined) return s;
  const a = s.agreement as AgreementState;
  const key = visitKeyOf(queueKey, callId);
  const visit = s.visits.get(key);
  if (!visit) return s; // a stay of an earlier day, or one that never counted
  const before = a.marks.get(key) ?? 0;
  const shift = 14 + 2 * slot;
  const had = (before >>> shift) & 3;
  const said = Math.max(had, ending ? classOf(visit.outcome) : SEEN);
  const after = (before & ~0x3fff & ~(3 << shift)) | (said << shift) | bucketsOf(s, visit);
  if (after === before) return s;
  const counts = moveCounts(moveCounts(a.counts, queueKey, before, -1), queueKey, after, 1);
  const fedBy = a.fed[queueKey] ?? 0;
  const fed = fedBy & (1 << slot) ? a.fed : { ...a.fed, [queueKey]: fedBy | (1 << slot) };
  return { ...s, agreement: { ...a, marks: a.marks.set(key, after), counts, fed } };
}

/** Add (sign 1) or take away (−1) what one stay's packed marks contribute to its buckets' counts. */
function moveCounts(
  counts: IMap<string, readonly number[]>,
  queueKey: string,
  packed: number,
  sign: 1 | -1,
): IMap<string, readonly number[]> {
  const entry = (packed & 0x7f) - 1;
  const end = ((packed >>> 7) & 0x7f) - 1;
  if (entry < 0) return counts;
  let out = counts;
  for (let slot = 0; slot < MAX_AGREEMENT_SOURCES; slot += 1) {
    const said = (packed >>> (14 + 2 * slot)) & 3;
    if (said === NONE) continue;
    out = bump(out, countsKeyOf(queueKey, entry), slot * COUNTS_PER_SLOT, sign);
    if (said === ANSWERED) out = bump(out, countsKeyOf(queueKey, end), slot * COUNTS_PER_SLOT + 1, sign);
    if (said === UNANSWERED) out = bump(out, countsKeyOf(queueKey, end), slot * COUNTS_PER_SLOT + 2, sign);
  }
  return out;
}

function bump(
  counts: IMap<string, readonly number[]>,
  key: string,
  index: number,
  by: number,
): IMap<string, readonly number[]> {
  const row = [...(counts.get(key) ?? new Array<number>(MAX_AGREEMENT_SOURCES * COUNTS_PER_SLOT).fill(0))];
  row[index] = (row[index] ?? 0) + by;
  // A row back at zero is removed, so the counts are the same whatever path the stays took.
  return row.every((n) => n === 0) ? counts.delete(key) : counts.set(key, row);
}
