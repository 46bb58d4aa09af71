import { setCallStatus } from './agentStatus';
import { plan, startQueueCall } from './agents';
import { callStart, type Leg } from './cdr';
import { sipCallId } from './people';
import { uniformInt } from './random';
import { leaveList } from './waitingList';
import { type Agent, type Caller, CDR_ROUTE, TRUNK, type World } from './world';

/**
 * Callback requests. A caller who asked to be called back stays on the queue's list (type
 * "callback") until a free agent calls them; that is a new outbound call with its own session and
 * CDR (call type queue_callback_call). The agent serves it as a queue call of the original session,
 * which then leaves the list as answered. The visit stays a callback: docs/metrics.md says the later
 * call-back does not turn it into an answered one.
 */

const SEC = 1000;

/** Honour a callback request: the agent calls the customer back, on a call of its own. */
export function dialCallback(w: World, a: Agent, caller: Caller, at: number): void {
  const leg: Leg = {
    id: w.ids.leg.next(),
    callee: caller.number,
    destination: `sip:${caller.number}@${TRUNK.host}`,
    callType: 'queue_callback_call',
    isQueue: false,
    startedAt: at,
    endReason: 'None',
  };
  caller.callback = {
    sessionId: w.ids.session.next(),
    cdrId: w.ids.cdr.next(),
    callId: sipCallId(w.rng),
    direction: 'out',
    caller: a.extension,
    callerName: a.name,
    callerDomain: w.o.domain,
    callee: caller.number,
    calleeName: caller.name,
    calleeDomain: TRUNK.host,
    did: '',
    tenantId: w.tenantId,
    tenantName: w.o.tenantName,
    trunkName: TRUNK.name,
    startedAt: at,
    legs: [leg],
  };
  caller.status = 'callbackDialling';
  a.offer = { caller, leg };
  a.epoch++;
  w.emit(at, CDR_ROUTE, callStart(caller.callback));
  setCallStatus(w, a, 'ON_CALL', at);
  const connected = at + uniformInt(w.rng, 3, 12) * SEC;
  plan(w, a, connected, () => {
    a.offer = undefined;
    leg.answeredAt = connected;
    caller.status = 'callbackTalking';
    Object.assign(caller.visit, { callbackServedAt: connected, callbackAgent: a.extension });
    // The request leaves the list as answered; the visit stays a callback (docs/metrics.md).
    leaveList(w, caller, 'agent_answered', connected);
    startQueueCall(w, a, caller, connected);
  });
}
