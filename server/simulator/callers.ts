import { Rank } from './agenda';
import { cancelOffer, offerCall } from './agents';
import { dialCallback } from './callbacks';
import { type CallRecord, callCdr, callStart, type Leg } from './cdr';
import { nextArrival } from './curve';
import { callerName, callerNumber, sipCallId } from './people';
import { chance, exponential, seconds, uniformInt } from './random';
import { leaveList, onHold, reportCaller } from './waitingList';
import { type Caller, CDR_ROUTE, type Queue, queueRoute, TRUNK, type World } from './world';
import { unix } from './wsiMessages';

/**
 * What callers do: arrive (Poisson, on the daily curve), wait, give up by their patience (some ask
 * for a callback instead of hanging up), or overflow when the queue's maximum wait is reached. The
 * routing pass offers waiting callers to the agents idle the longest, callbacks only once nobody is
 * left on hold.
 */

const SEC = 1000;
/**
 * Some callers hang up almost at once (wrong number, changed their mind): that is what the
 * short-abandon figure exists to set apart. Fixed here, independent of the figure's threshold, so
 * changing the threshold changes what counts, never what happens.
 */
const QUICK_HANGUP_MAX_SECONDS = 8;

/** Plan the queue's next arrival; each arrival plans the one after it. */
export function planArrival(w: World, q: Queue): void {
  const t = nextArrival(w.rng, q.nextArrivalAt, {
    peakPerHour: q.peakPerHour,
    curve: w.o.dailyCurve,
    timeZone: w.o.timeZone,
  });
  q.nextArrivalAt = t;
  if (!Number.isFinite(t)) return;
  const at = Math.ceil(t / SEC) * SEC; // the PBX clock has whole seconds
  w.schedule(at, Rank.arrival, () => {
    arrive(w, q, at);
    planArrival(w, q);
  });
}

function arrive(w: World, q: Queue, at: number): void {
  const number = callerNumber(w.rng);
  const name = callerName(w.rng);
  const queueLeg: Leg = {
    id: w.ids.leg.next(),
    callee: q.number,
    destination: `sip:${q.number}@${w.o.domain}`,
    callType: 'queue_call',
    isQueue: true,
    startedAt: at,
    answeredAt: at, // the queue picks up at once to play music on hold (seed 000)
    endReason: 'None',
  };
  const legs = [queueLeg];
  const record: CallRecord = {
    sessionId: w.ids.session.next(),
    cdrId: w.ids.cdr.next(),
    callId: sipCallId(w.rng),
    direction: 'in',
    caller: number,
    callerName: name,
    callerDomain: TRUNK.host,
    callee: q.number,
    calleeName: q.name,
    calleeDomain: w.o.domain,
    did: q.did,
    tenantId: w.tenantId,
    tenantName: w.o.tenantName,
    trunkName: TRUNK.name,
    startedAt: at,
    legs,
  };
  const visit = w.truth.enqueue({
    sessionId: record.sessionId,
    queue: q.number,
    queueId: q.id,
    caller: number,
    enqueuedAt: at,
  });
  const caller: Caller = {
    record,
    number,
    name,
    queue: q,
    enqueuedAt: at,
    queueLeg,
    legs,
    visit,
    kind: 'normal',
    status: 'waiting',
  };
  w.emit(at, CDR_ROUTE, callStart(record));
  q.waiting.push(caller);
  reportCaller(w, caller, 'enqueue', at);

  const o = w.o;
  const patience = chance(w.rng, o.quickHangupShare)
    ? uniformInt(w.rng, 1, QUICK_HANGUP_MAX_SECONDS)
    : seconds(exponential(w.rng, o.patienceMeanSeconds));
  if (patience < o.maxWaitSeconds) {
    const t = at + patience * SEC;
    w.schedule(t, Rank.callerLeaves, () => giveUp(w, caller, t));
  } else {
    const t = at + o.maxWaitSeconds * SEC;
    w.schedule(t, Rank.callerLeaves, () => overflow(w, caller, t));
  }
  const slaAt = at + (o.slaSeconds + 1) * SEC; // "past the SLA": the first whole second beyond it
  w.schedule(slaAt, Rank.slaCheck, () => checkSla(w, caller, slaAt));
  w.dispatchSoon(q, at);
}

const onTheLine = (c: Caller) => c.status === 'waiting' || c.status === 'ringing';

function stopRinging(w: World, caller: Caller, at: number): void {
  if (caller.offeredTo) cancelOffer(w, caller.offeredTo, at);
}

function endQueueLeg(caller: Caller, at: number, reason: string): void {
  caller.queueLeg.endedAt = at;
  caller.queueLeg.endReason = reason;
}

function giveUp(w: World, caller: Caller, at: number): void {
  if (!onTheLine(caller)) return;
  stopRinging(w, caller, at);
  endQueueLeg(caller, at, 'caller_disconnected');
  const waited = at - caller.enqueuedAt;
  if (waited >= w.o.callbackAfterSeconds * SEC && chance(w.rng, w.o.callbackShare)) {
    // The caller leaves a callback request and hangs up; the PBX keeps them listed as a callback.
    caller.kind = 'callback';
    caller.status = 'callbackWaiting';
    Object.assign(caller.visit, { outcome: 'callback', outcomeAt: at });
    reportCaller(w, caller, 'callback', at);
    w.dispatchSoon(caller.queue, at);
  } else {
    caller.status = 'gone';
    Object.assign(caller.visit, { outcome: 'abandoned', outcomeAt: at });
    leaveList(w, caller, 'hangup', at);
  }
  w.emit(at, CDR_ROUTE, callCdr(caller.record, at, 'caller_disconnected'));
}

/** The maximum wait is reached: the call goes on to the overflow destination (voicemail). */
function overflow(w: World, caller: Caller, at: number): void {
  if (!onTheLine(caller)) return;
  stopRinging(w, caller, at);
  endQueueLeg(caller, at, 'referred');
  const answeredAt = at + uniformInt(w.rng, 1, 3) * SEC;
  const endedAt = answeredAt + uniformInt(w.rng, 10, 45) * SEC;
  const dest = w.o.overflowDestination;
  caller.legs.push({
    id: w.ids.leg.next(),
    callee: dest,
    destination: `sip:${dest}@${w.o.domain}`,
    callType: 'normal_call',
    isQueue: false,
    startedAt: at,
    answeredAt,
    endedAt,
    endReason: 'caller_disconnected',
  });
  caller.status = 'gone';
  Object.assign(caller.visit, { outcome: 'overflowed', outcomeAt: at });
  leaveList(w, caller, 'overflow', at);
  w.schedule(endedAt, Rank.agent, () =>
    w.emit(endedAt, CDR_ROUTE, callCdr(caller.record, endedAt, 'caller_disconnected')),
  );
}

function checkSla(w: World, caller: Caller, at: number): void {
  if (!onTheLine(caller)) return;
  const q = caller.queue;
  const held = onHold(q);
  const breached = held.filter((c) => at - c.enqueuedAt > w.o.slaSeconds * SEC).length;
  w.emit(at, queueRoute(q), {
    event_type: 'queue_sla_breached',
    queue_id: q.id,
    tenant_id: w.tenantId,
    caller: caller.number,
    total_callers_breached: breached,
    sla_time_secs: w.o.slaSeconds,
    waiting_callers: held.length,
    timestamp: unix(at),
  });
  w.truth.breach({ queue: q.number, caller: caller.number, at });
}

/** Offer callers on hold to free agents, longest-idle first; then callbacks to whoever is left. */
export function dispatch(w: World, q: Queue, at: number): void {
  q.dispatchAt = undefined;
  const free = q.agents
    .filter((a) => a.state === 'READY' && a.online && !a.offer)
    .sort((x, y) => x.idleSince - y.idleSince || x.extension.localeCompare(y.extension));
  let next = 0;
  const unassigned = q.waiting.filter((c) => c.status === 'waiting');
  for (const caller of unassigned) {
    const agent = free[next++];
    if (!agent) return;
    offerCall(w, agent, caller, at);
  }
  for (const caller of q.waiting.filter((c) => c.status === 'callbackWaiting')) {
    const agent = free[next++];
    if (!agent) return;
    dialCallback(w, agent, caller, at);
  }
}
