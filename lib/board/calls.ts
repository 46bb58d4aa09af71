import type { QueueView } from '../domain/view';
import type { CallView } from '../protocol';
import { scopeOfKey } from './queues';

/**
 * Which queue a call in progress belongs to, for the calls list. The call's own `queue` when the
 * server names one; else, a call whose callee is a queue's number in the same scope (a call dialled
 * to 8001 is that queue's even before the PBX reports the queue visit). null: no queue. Pure.
 */
export function callQueueId(
  call: Pick<CallView, 'id' | 'queue' | 'callee'>,
  queues: Iterable<Pick<QueueView, 'id' | 'number'>>,
): string | null {
  if (call.queue !== null) return call.queue;
  if (call.callee === null) return null;
  for (const q of queues) {
    if (q.number === call.callee && call.id.startsWith(`${scopeOfKey(q.id)}/`)) return q.id;
  }
  return null;
}

/** The calls a board lists: all of them on an "all queues" board (scope null), else its queues'. */
export function boardCallIds(
  callIds: readonly string[],
  calls: Readonly<Record<string, Pick<CallView, 'id' | 'queue' | 'callee'>>>,
  queues: readonly Pick<QueueView, 'id' | 'number'>[],
  scope: ReadonlySet<string> | null,
): string[] {
  if (scope === null) return [...callIds];
  return callIds.filter((id) => {
    const c = calls[id];
    const q = c ? callQueueId(c, queues) : null;
    return q !== null && scope.has(q);
  });
}

/**
 * The extension of the agent on a call: the server's answer from the call's legs (`agent`), else the
 * agent that a queue reports on this call (its queue session is the call). null: nobody yet.
 */
export function callAgentExtension(
  call: Pick<CallView, 'id' | 'agent'>,
  queues: Iterable<Pick<QueueView, 'agents'>>,
): string | null {
  if (call.agent) return call.agent;
  for (const q of queues) {
    for (const a of q.agents ?? []) if (a.call === call.id) return a.extension;
  }
  return null;
}

/** The extension key of a call's agent: the call's scope and the extension number. */
export const callAgentKey = (callId: string, extension: string): string =>
  `${scopeOfKey(callId)}/${extension}`;
