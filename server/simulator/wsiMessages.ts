/**
 * The PortSIP WSI messages the simulator publishes, shaped key for key like the examples of the WSI
 * doc (v22.3, /work/shared/seeds/002_*.txt), in the doc's key order. Times are unix seconds as
 * strings, as the doc writes them; the counts of queue_sla_breached are bare numbers, as there.
 * The doc's own slips are not copied: `queue_status` has `agents` beside `waiting_list` (the
 * example nests it inside and uses a full-width comma), `call_status` is never "ON_ACLL", presence
 * uses the documented enum (`ONLINE`, not the example's `AVAILABLE`), and `type` is either "normal"
 * or "callback" (the example's "normal/callback" means one of the two).
 */

export type CallerType = 'normal' | 'callback';
export type CallerReason = 'enqueue' | 'agent_answered' | 'overflow' | 'hangup' | 'callback';
/** Agent states as the JSON writes them (the prose says "Queue Call", "Wrap Up", …). */
export type AgentStateName =
  | 'READY'
  | 'QUEUE_CALL'
  | 'WRAP_UP'
  | 'OTHER_CALL'
  | 'NOT_READY'
  | 'ONLINE'
  | 'OFFLINE';
export type ExtensionCallStatus = '' | 'RINGING' | 'ON_CALL';
export type PresenceName = 'ONLINE' | 'LUNCH' | 'BUSINESS_TRIP' | 'DO_NOT_DISTURB' | 'AWAY';

/** ms → the doc's "unix time as a string". */
export function unix(ms: number): string {
  return String(Math.floor(ms / 1000));
}

export interface QueueManagementMessage {
  readonly event_type: 'queue_created' | 'queue_updated' | 'queue_destroy';
  readonly queue_number: string;
  readonly tenant_id: string;
}

/** extension_created as the extension management topic carries it (fixtures/seeds/002-portsip-wsi). */
export interface ExtensionManagementMessage {
  readonly event_type: 'extension_created';
  readonly extension_number: string;
  readonly extension_id: string;
  readonly disp_name: string;
  readonly username: string;
  readonly enabled: boolean;
  readonly tenant_id: string;
}

export interface WaitingListEntry {
  readonly position: string;
  readonly session_id: string;
  readonly caller_number: string;
  readonly caller_name: string;
  readonly timestamp: string;
  readonly type: CallerType;
}

export interface QueueAgentEntry {
  readonly state: AgentStateName;
  readonly agent_extension_number: string;
  /** Only while the agent is on a queue call: the caller it serves. */
  readonly session_id?: string;
  readonly caller_number?: string;
  readonly caller_name?: string;
  /** When the agent entered `state`. */
  readonly timestamp: string;
}

export interface QueueStatusMessage {
  readonly event_type: 'queue_status';
  readonly tenant_id: string;
  readonly queue_id: string;
  readonly queue_number: string;
  readonly queue_name: string;
  readonly waiting_list: readonly WaitingListEntry[];
  readonly agents: readonly QueueAgentEntry[];
}

export interface UpdatedCaller {
  readonly position: string;
  readonly session_id: string;
  readonly caller_number: string;
  readonly reason: CallerReason;
  /** The time of this change (see docs/decisions.md). */
  readonly timestamp: string;
  readonly type: CallerType;
}

export interface QueueCallerStatusMessage {
  readonly event_type: 'queue_caller_status';
  readonly tenant_id: string;
  readonly queue_id: string;
  readonly updated_callers: readonly UpdatedCaller[];
}

export interface QueueAgentStatusMessage {
  readonly event_type: 'queue_agent_status';
  readonly queue_id: string;
  readonly tenant_id: string;
  readonly updated_agents: readonly QueueAgentEntry[];
  readonly removed_agents: readonly { readonly agent_extension_number: string }[];
}

export interface QueueSlaBreachedMessage {
  readonly event_type: 'queue_sla_breached';
  readonly queue_id: string;
  readonly tenant_id: string;
  readonly caller: string;
  readonly total_callers_breached: number;
  readonly sla_time_secs: number;
  readonly waiting_callers: number;
  readonly timestamp: string;
}

export interface ExtensionStatusEntry {
  readonly extension: string;
  readonly extension_id: string;
  readonly call_status: ExtensionCallStatus;
  readonly online: boolean;
  readonly presence: PresenceName;
  readonly presence_note: string;
  readonly push_online: boolean;
  readonly time: string;
}

export interface ExtensionStatusMessage {
  readonly event_type: 'extension_status';
  readonly status: readonly ExtensionStatusEntry[];
  readonly tenant_id: string;
}

interface ExtensionHead {
  readonly extension: string;
  readonly tenant_id: string;
  readonly extension_id: string;
}

export interface ExtensionCallMessage extends ExtensionHead {
  readonly event_type: 'extension_call';
  readonly call_status: ExtensionCallStatus;
  readonly time: string;
}

export interface ExtensionPresenceMessage extends ExtensionHead {
  readonly event_type: 'extension_presence';
  readonly presence: PresenceName;
  readonly presence_note: string;
  readonly time: string;
}

export interface ExtensionAgentStatusMessage extends ExtensionHead {
  readonly agent_status: readonly { readonly queue_number: string; readonly status: AgentStateName }[];
  readonly event_type: 'extension_agent_status';
  readonly time: string;
}

/** `extension_call` in the doc's key order (event_type, extension, call_status, tenant_id, …). */
export function extensionCall(
  head: ExtensionHead,
  status: ExtensionCallStatus,
  at: number,
): ExtensionCallMessage {
  return {
    event_type: 'extension_call',
    extension: head.extension,
    call_status: status,
    tenant_id: head.tenant_id,
    extension_id: head.extension_id,
    time: unix(at),
  };
}

export function extensionPresence(
  head: ExtensionHead,
  presence: PresenceName,
  note: string,
  at: number,
): ExtensionPresenceMessage {
  return {
    event_type: 'extension_presence',
    extension: head.extension,
    presence,
    presence_note: note,
    tenant_id: head.tenant_id,
    extension_id: head.extension_id,
    time: unix(at),
  };
}

export function extensionAgentStatus(
  head: ExtensionHead,
  queueNumber: string,
  status: AgentStateName,
  at: number,
): ExtensionAgentStatusMessage {
  return {
    agent_status: [{ queue_number: queueNumber, status }],
    event_type: 'extension_agent_status',
    extension: head.extension,
    extension_id: head.extension_id,
    tenant_id: head.tenant_id,
    time: unix(at),
  };
}
