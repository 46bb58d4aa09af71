import { unix } from './wsiMessages';

/**
 * PortSIP CDR events as the `cdr_events` topic delivers them: `call_start` when a call begins and
 * `call_cdr` when it ends, with one `call_targets` entry per endpoint the PBX sent the call to (the
 * queue, every agent rung, the overflow destination). Shape and key order follow the Event Reference
 * example (seed 000), without its slips (the missing comma, the duplicated `outbound_caller_id`):
 * bare unix-second strings, "0" for "never", `status_code` a string at call level and a number in
 * the targets, `ended_reason` at call level and `end_reason` in the targets, as the example has them.
 */

/** One call target while the call runs; times in ms, undefined = never happened. */
export interface Leg {
  readonly id: string;
  readonly callee: string;
  readonly destination: string;
  readonly callType: 'queue_call' | 'normal_call' | 'queue_callback_call';
  /** Queue legs are "answered" by the PBX (music on hold); their time is not talk time. */
  readonly isQueue: boolean;
  readonly startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  endReason: string;
}

/** What a CDR says about the whole call. */
export interface CallRecord {
  readonly sessionId: string;
  readonly cdrId: string;
  readonly callId: string;
  readonly direction: 'in' | 'out';
  readonly caller: string;
  readonly callerName: string;
  readonly callerDomain: string;
  readonly callee: string;
  readonly calleeName: string;
  readonly calleeDomain: string;
  readonly did: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly trunkName: string;
  readonly startedAt: number;
  readonly legs: readonly Leg[];
}

export interface CallStartMessage {
  readonly event_type: 'call_start';
  readonly call_id: string;
  readonly callee: string;
  readonly callee_display_name: string;
  readonly caller: string;
  readonly caller_display_name: string;
  readonly cdr_id: string;
  readonly did: string;
  readonly direction: string;
  readonly outbound_caller_id: string;
  readonly session_id: string;
  readonly tenant_id: string;
  readonly time: string;
  readonly user_data: string;
}

export interface CallTarget {
  readonly answered_time: string;
  readonly call_type: string;
  readonly callee: string;
  readonly caller: string;
  readonly destination: string;
  readonly end_reason: string;
  readonly ended_time: string;
  readonly id: string;
  readonly outbound_caller_id: string;
  readonly ring_time: string;
  readonly start_time: string;
  readonly status_code: number;
  readonly talk_duration?: string;
  readonly trunk_name: string;
}

export interface CallCdrMessage {
  readonly event_type: 'call_cdr';
  readonly answered_time: string;
  readonly call_id: string;
  readonly callee: string;
  readonly callee_domain: string;
  readonly caller: string;
  readonly caller_display_name: string;
  readonly caller_domain: string;
  readonly cdr_id: string;
  readonly did: string;
  readonly direction: string;
  readonly ended_reason: string;
  readonly ended_time: string;
  readonly outbound_caller_id: string;
  readonly ring_time: string;
  readonly session_id: string;
  readonly start_time: string;
  readonly status_code: string;
  readonly tenant_id: string;
  readonly tenant_name: string;
  readonly trunk_name: string;
  readonly talk_duration: string;
  readonly user_data: string;
  readonly call_targets: readonly CallTarget[];
}

const never = (ms: number | undefined) => (ms === undefined ? '0' : unix(ms));

export function callStart(c: CallRecord): CallStartMessage {
  return {
    event_type: 'call_start',
    call_id: c.callId,
    callee: c.callee,
    callee_display_name: c.calleeName,
    caller: c.caller,
    caller_display_name: c.callerName,
    cdr_id: c.cdrId,
    did: c.did,
    direction: c.direction,
    outbound_caller_id: '',
    session_id: c.sessionId,
    tenant_id: c.tenantId,
    time: unix(c.startedAt),
    user_data: '',
  };
}

/** Talk of a leg someone picked up (not the queue's music on hold), in seconds. */
function talkOf(leg: Leg): number | undefined {
  if (leg.isQueue || leg.answeredAt === undefined || leg.endedAt === undefined) return undefined;
  return Math.round((leg.endedAt - leg.answeredAt) / 1000);
}

function target(c: CallRecord, leg: Leg, endedAt: number): CallTarget {
  const talk = talkOf(leg);
  return {
    answered_time: never(leg.answeredAt),
    call_type: leg.callType,
    callee: leg.callee,
    caller: c.caller,
    destination: leg.destination,
    end_reason: leg.endReason,
    ended_time: unix(leg.endedAt ?? endedAt),
    id: leg.id,
    outbound_caller_id: '',
    ring_time: unix(leg.startedAt),
    start_time: unix(leg.startedAt),
    status_code: 0,
    ...(talk === undefined ? {} : { talk_duration: String(talk) }),
    trunk_name: c.trunkName,
  };
}

/** The final record, sent the moment the call ends (`endedAt`). */
export function callCdr(c: CallRecord, endedAt: number, endedReason: string): CallCdrMessage {
  const answered = c.legs.flatMap((l) => (l.answeredAt === undefined ? [] : [l.answeredAt]));
  const talk = c.legs.reduce((sum, l) => sum + (talkOf(l) ?? 0), 0);
  return {
    event_type: 'call_cdr',
    answered_time: answered.length > 0 ? unix(Math.min(...answered)) : '0',
    call_id: c.callId,
    callee: c.callee,
    callee_domain: c.calleeDomain,
    caller: c.caller,
    caller_display_name: c.callerName,
    caller_domain: c.callerDomain,
    cdr_id: c.cdrId,
    did: c.did,
    direction: c.direction,
    ended_reason: endedReason,
    ended_time: unix(endedAt),
    outbound_caller_id: '',
    ring_time: unix(Math.min(c.startedAt, ...c.legs.map((l) => l.startedAt))),
    session_id: c.sessionId,
    start_time: unix(c.startedAt),
    status_code: '0',
    tenant_id: c.tenantId,
    tenant_name: c.tenantName,
    trunk_name: c.trunkName,
    talk_duration: String(talk),
    user_data: '',
    call_targets: c.legs.map((l) => target(c, l, endedAt)),
  };
}
