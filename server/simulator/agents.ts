import { Rank } from './agenda';
import { setCallStatus, setPresence, setState } from './agentStatus';
import { callCdr, type Leg } from './cdr';
import { chance, exponential, pick, seconds, uniformInt } from './random';
import { leaveList } from './waitingList';
import { type Agent, type Caller, CDR_ROUTE, type World } from './world';

/**
 * What agents do: get rung (the queue state stays READY while the phone rings, as PortSIP has no
 * ringing agent state; the extension reports RINGING), answer (QUEUE_CALL), talk, wrap up (WRAP_UP),
 * then go Ready, take a break (NOT_READY) or log out of the queue (state ONLINE: "the agent has
 * logged out of the queue"). A missed offer sets the agent Not Ready for a while, like PortSIP's
 * "not ready after a missed queue call".
 */

const SEC = 1000;

/** Run `fn` at `at` unless the agent has changed in between (then the plan is stale). */
export function plan(w: World, a: Agent, at: number, fn: () => void): void {
  const epoch = a.epoch;
  w.schedule(at, Rank.agent, () => {
    if (a.epoch === epoch) fn();
  });
}

/** Ring a free agent for a waiting caller. */
export function offerCall(w: World, a: Agent, caller: Caller, at: number): void {
  const leg: Leg = {
    id: w.ids.leg.next(),
    callee: a.extension,
    destination: a.uri,
    callType: 'queue_call',
    isQueue: false,
    startedAt: at,
    endReason: 'None',
  };
  caller.legs.push(leg);
  caller.status = 'ringing';
  caller.offeredTo = a;
  a.offer = { caller, leg };
  a.epoch++;
  setCallStatus(w, a, 'RINGING', at);
  if (chance(w.rng, w.o.noAnswerShare)) {
    const until = at + w.o.ringTimeoutSeconds * SEC;
    plan(w, a, until, () => ringOut(w, a, until));
  } else {
    const answerAt = at + uniformInt(w.rng, w.o.ringMinSeconds, w.o.ringMaxSeconds) * SEC;
    plan(w, a, answerAt, () => answer(w, a, answerAt));
  }
}

/** The caller left while the agent's phone rang (hang-up, callback request or overflow). */
export function cancelOffer(w: World, a: Agent, at: number): void {
  const offer = a.offer;
  if (!offer) return;
  offer.leg.endedAt = at;
  offer.leg.endReason = 'cancelled';
  offer.caller.offeredTo = undefined;
  a.offer = undefined;
  a.epoch++;
  setCallStatus(w, a, '', at);
  w.dispatchSoon(a.queue, at);
}

function answer(w: World, a: Agent, at: number): void {
  const offer = a.offer;
  if (!offer) return;
  const { caller, leg } = offer;
  a.offer = undefined;
  caller.offeredTo = undefined;
  leg.answeredAt = at;
  caller.answeredLeg = leg;
  caller.queueLeg.endedAt = at;
  caller.queueLeg.endReason = 'referred'; // the queue hands the call to the agent, as in seed 000
  caller.status = 'talking';
  caller.answeredAt = at;
  Object.assign(caller.visit, { outcome: 'answered', outcomeAt: at, agent: a.extension });
  leaveList(w, caller, 'agent_answered', at);
  startQueueCall(w, a, caller, at);
}

export function startQueueCall(w: World, a: Agent, caller: Caller, at: number): void {
  a.serving = caller;
  setState(w, a, 'QUEUE_CALL', at);
  setCallStatus(w, a, 'ON_CALL', at);
  const end = at + seconds(exponential(w.rng, w.o.talkMeanSeconds), 5) * SEC;
  plan(w, a, end, () => endTalk(w, a, end));
}

/** Nobody picked up: the caller waits on, the agent is set Not Ready for a while. */
function ringOut(w: World, a: Agent, at: number): void {
  const offer = a.offer;
  if (!offer) return;
  offer.leg.endedAt = at;
  offer.caller.status = 'waiting';
  offer.caller.offeredTo = undefined;
  a.offer = undefined;
  setCallStatus(w, a, '', at);
  pause(w, a, 'NOT_READY', at, w.o.missedCallPauseSeconds);
  w.dispatchSoon(a.queue, at);
}

function endTalk(w: World, a: Agent, at: number): void {
  const caller = a.serving;
  if (!caller) return;
  const reason = pick(w.rng, ['caller_disconnected', 'callee_disconnected']);
  if (caller.status === 'talking') {
    if (caller.answeredLeg) Object.assign(caller.answeredLeg, { endedAt: at, endReason: reason });
    caller.visit.talkSeconds = (at - (caller.answeredAt ?? at)) / SEC;
    caller.status = 'gone';
    w.emit(at, CDR_ROUTE, callCdr(caller.record, at, reason));
  } else if (caller.callback) {
    const leg = caller.callback.legs[0];
    if (leg) Object.assign(leg, { endedAt: at, endReason: reason });
    caller.status = 'callbackDone';
    w.emit(at, CDR_ROUTE, callCdr(caller.callback, at, reason));
  }
  setCallStatus(w, a, '', at);
  if (w.o.wrapMeanSeconds <= 0) {
    afterWork(w, a, at);
    return;
  }
  setState(w, a, 'WRAP_UP', at);
  const end = at + seconds(exponential(w.rng, w.o.wrapMeanSeconds), 1) * SEC;
  plan(w, a, end, () => {
    if (caller.visit.outcome === 'answered' && caller.visit.agent === a.extension) {
      caller.visit.wrapSeconds = (end - at) / SEC;
    }
    afterWork(w, a, end);
  });
}

/** After a call: mostly Ready again; sometimes a break, rarely a log-out. */
function afterWork(w: World, a: Agent, at: number): void {
  a.serving = undefined;
  if (chance(w.rng, w.o.logoutShare)) {
    setPresence(w, a, 'LUNCH', 'Lunch', at);
    pause(w, a, 'ONLINE', at, exponential(w.rng, w.o.logoutMeanSeconds));
    return;
  }
  if (chance(w.rng, w.o.breakShare)) {
    setPresence(w, a, 'AWAY', 'Break', at);
    pause(w, a, 'NOT_READY', at, exponential(w.rng, w.o.breakMeanSeconds));
    return;
  }
  becomeReady(w, a, at);
}

function pause(w: World, a: Agent, state: 'NOT_READY' | 'ONLINE', at: number, forSeconds: number): void {
  setState(w, a, state, at);
  const back = at + seconds(forSeconds) * SEC;
  plan(w, a, back, () => becomeReady(w, a, back));
}

function becomeReady(w: World, a: Agent, at: number): void {
  setPresence(w, a, 'ONLINE', '', at);
  setState(w, a, 'READY', at);
  a.idleSince = at;
  w.dispatchSoon(a.queue, at);
}
