import type { AgentState, CallDirection, CallerKind, CallStatus, Presence } from '../../domain/events';
import { enumToken } from '../fields';

/**
 * PortSIP's enum spellings → domain values. The docs write the same state several ways ("Queue Call"
 * in prose, QUEUE_CALL in JSON) and with typos (ON_ACLL); each accepted spelling is listed here.
 */

const AGENT_STATES: Record<string, AgentState> = {
  READY: 'ready',
  QUEUE_CALL: 'queueCall',
  WRAP_UP: 'wrapUp',
  WRAPUP: 'wrapUp',
  OTHER_CALL: 'otherCall',
  NOT_READY: 'notReady',
  // "Online: the agent has logged out of the queue" (registered with the PBX, not serving the queue).
  ONLINE: 'loggedOut',
  LOGGED_OUT: 'loggedOut',
  OFFLINE: 'offline',
};

export function agentState(value: unknown): AgentState | undefined {
  const token = enumToken(value);
  return token === undefined ? undefined : AGENT_STATES[token];
}

const CALL_STATUS: Record<string, CallStatus> = {
  ON_CALL: 'onCall',
  ON_ACLL: 'onCall', // sic in the WSI doc's extension_status example
  RINGING: 'ringing',
};

/**
 * "" (or absent / null) means "not involved in any call". Unknown spellings, and values that are no
 * spelling at all (true, {}, []), give undefined: they must not claim the extension is idle.
 */
export function callStatus(value: unknown): CallStatus | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return 'idle';
  const token = enumToken(value);
  return token === undefined ? undefined : CALL_STATUS[token];
}

const PRESENCE: Record<string, Presence> = {
  ONLINE: 'available',
  AVAILABLE: 'available', // used in the extension_presence example although the enum says ONLINE
  LUNCH: 'lunch',
  BUSINESS_TRIP: 'businessTrip',
  DO_NOT_DISTURB: 'doNotDisturb',
  DND: 'doNotDisturb',
  AWAY: 'away',
};

export function presence(value: unknown): Presence | undefined {
  const token = enumToken(value);
  if (token === undefined) return undefined;
  return PRESENCE[token] ?? 'other';
}

/** The doc writes the field as "normal/callback" meaning one of the two; only "callback" is a callback. */
export function callerKind(value: unknown): CallerKind {
  return enumToken(value) === 'CALLBACK' ? 'callback' : 'normal';
}

const DIRECTION: Record<string, CallDirection> = {
  IN: 'inbound',
  OUT: 'outbound',
  EXT: 'internal',
  IN2OUT: 'inboundToOutbound',
  // The REST API's CDRs (GET /cdrs) spell them out.
  INBOUND_CALL: 'inbound',
  OUTBOUND_CALL: 'outbound',
  EXTENSION_CALL: 'internal',
  INBOUND_OUTBOUND_CALL: 'inboundToOutbound',
};

export function direction(value: unknown): CallDirection | undefined {
  const token = enumToken(value);
  return token === undefined ? undefined : (DIRECTION[token] ?? 'unknown');
}
