import { type Agent, extensionRoute, queueRoute, type World } from './world';
import {
  type AgentStateName,
  type ExtensionCallStatus,
  extensionAgentStatus,
  extensionCall,
  extensionPresence,
  type PresenceName,
  type QueueAgentEntry,
  unix,
} from './wsiMessages';

/**
 * How an agent's changes reach subscribers. A queue state change is published on queue_events
 * (`queue_agent_status`, for the agent's queue) and extension_events (`extension_agent_status`, for
 * the agent's extension), in that order; phone and presence changes on extension_events only.
 */

export function agentEntry(a: Agent): QueueAgentEntry {
  const c = a.state === 'QUEUE_CALL' ? a.serving : undefined;
  const head = { state: a.state, agent_extension_number: a.extension };
  if (!c) return { ...head, timestamp: unix(a.since) };
  return {
    ...head,
    session_id: c.record.sessionId,
    caller_number: c.number,
    caller_name: c.name,
    timestamp: unix(a.since),
  };
}

export const extensionHead = (w: World, a: Agent) => ({
  extension: a.uri,
  tenant_id: w.tenantId,
  extension_id: a.extensionId,
});

export function setState(w: World, a: Agent, state: AgentStateName, at: number): void {
  a.state = state;
  a.since = at;
  a.epoch++;
  w.emit(at, queueRoute(a.queue), {
    event_type: 'queue_agent_status',
    queue_id: a.queue.id,
    tenant_id: w.tenantId,
    updated_agents: [agentEntry(a)],
    removed_agents: [],
  });
  w.emit(at, extensionRoute(a), extensionAgentStatus(extensionHead(w, a), a.queue.number, state, at));
}

export function setCallStatus(w: World, a: Agent, status: ExtensionCallStatus, at: number): void {
  if (a.callStatus === status) return;
  a.callStatus = status;
  a.callStatusSince = at;
  w.emit(at, extensionRoute(a), extensionCall(extensionHead(w, a), status, at));
}

export function setPresence(w: World, a: Agent, presence: PresenceName, note: string, at: number): void {
  if (a.presence === presence && a.presenceNote === note) return;
  a.presence = presence;
  a.presenceNote = note;
  a.presenceSince = at;
  w.emit(at, extensionRoute(a), extensionPresence(extensionHead(w, a), presence, note, at));
}
