import { type Caller, type Queue, queueRoute, type World } from './world';
import type { CallerReason, QueueCallerStatusMessage, WaitingListEntry } from './wsiMessages';
import { unix } from './wsiMessages';

/**
 * A queue's waiting list and the `queue_caller_status` messages that report its changes. Positions
 * are 1-based places in the list, callers waiting for a callback included, as the PBX lists them.
 */

export function positionOf(caller: Caller): number {
  return caller.queue.waiting.indexOf(caller) + 1;
}

/** One `queue_caller_status` for one caller; `timestamp` is the time of this change. */
export function reportCaller(w: World, caller: Caller, reason: CallerReason, at: number): void {
  const message: QueueCallerStatusMessage = {
    event_type: 'queue_caller_status',
    tenant_id: w.tenantId,
    queue_id: caller.queue.id,
    updated_callers: [
      {
        position: String(positionOf(caller)),
        session_id: caller.record.sessionId,
        caller_number: caller.number,
        reason,
        timestamp: unix(at),
        type: caller.kind,
      },
    ],
  };
  w.emit(at, queueRoute(caller.queue), message);
}

/** Report the caller's departure (with the position they left from), then take them off the list. */
export function leaveList(w: World, caller: Caller, reason: CallerReason, at: number): void {
  reportCaller(w, caller, reason, at);
  const i = caller.queue.waiting.indexOf(caller);
  if (i >= 0) caller.queue.waiting.splice(i, 1);
}

export function waitingListEntries(queue: Queue): WaitingListEntry[] {
  return queue.waiting.map((c, i) => ({
    position: String(i + 1),
    session_id: c.record.sessionId,
    caller_number: c.number,
    caller_name: c.name,
    timestamp: unix(c.enqueuedAt),
    type: c.kind,
  }));
}

/** Callers the queue still holds on the line (not callback requests). */
export function onHold(queue: Queue): Caller[] {
  return queue.waiting.filter((c) => c.status === 'waiting' || c.status === 'ringing');
}
