import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import type { WsiFrame, WsiSnapshot } from '../../lib/sources';
import type { SubscribeCommand } from '../../lib/sources/portsip/commands';
import type { TimerBag } from './timers';

export type WsiReply = Extract<WsiFrame, { kind: 'reply' }>['reply'];

/**
 * What happens on one authenticated connection: which subscribes to send, when, and when the PBX's
 * snapshots have restored the truth. A new session starts on every (re)connect; nothing carries over,
 * because the PBX forgets our subscriptions with the socket.
 */
export interface Session {
  start(): void;
  /** Accepted events of one frame, after they went to the hub; `snapshot`: which resync snapshot it is. */
  onEvents(events: readonly DomainEvent[], snapshot: WsiSnapshot | undefined): void;
  /** The PBX's answer to one of our subscribes; `label` names the subscribe it answers. */
  onReply(reply: WsiReply, label: string): void;
  /** Queue numbers followed on this connection, for the self-check; absent: it follows none by number. */
  queues?(): readonly string[];
}

export interface SessionHooks {
  /** Sends a subscribe (no-op once the socket is closing). */
  send(command: SubscribeCommand): void;
  /** Resync progress: 'resyncing' until the snapshots are in, then 'connected' (detail: what is missing). */
  report(status: 'resyncing' | 'connected', detail: string | null): void;
  /** The connection's timers: cleared when the socket closes. */
  readonly timers: TimerBag;
  readonly logger: Logger;
}

/** A refused subscribe, for the status detail: the wallboard shows why some figures stay empty. */
export function refusal(reply: WsiReply, label: string): string {
  return `${label} refused: ${reply.error ?? 'no reason given'}`;
}

export function joinDetails(parts: readonly (string | null | undefined)[]): string | null {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  return kept.length > 0 ? kept.join('; ') : null;
}
