import type { SourceKind } from './domain/events';
import type { ExtensionView, QueueView } from './domain/view';

/**
 * The browser link, in one file. The server sends a `snapshot` (its whole view and a `seq`), then
 * `patch`es numbered seq + 1, seq + 2, … A client that sees a gap, another protocol version or another
 * epoch (a restarted server) asks for a fresh snapshot with `resync`. Every (re)connect starts from a
 * snapshot. Socket.IO namespace `/wallboard`; the token travels in `auth.token`.
 */
export const PROTOCOL_VERSION = 1;
export const WALLBOARD_NAMESPACE = '/wallboard';

export type SourceHealth = 'connected' | 'connecting' | 'resyncing' | 'disconnected' | 'error';

export interface SourceStatus {
  readonly id: string;
  readonly kind: SourceKind;
  readonly status: SourceHealth;
  /** PBX time of the latest event from this source, ms. */
  readonly lastEventAt: number | null;
  /** Human-readable reason for the status (e.g. the PBX's auth error), never a secret. */
  readonly detail: string | null;
}

export interface CallView {
  readonly id: string;
  readonly direction: string;
  readonly caller: string | null;
  readonly callerName: string | null;
  readonly callee: string | null;
  readonly phase: 'ringing' | 'connected' | 'held';
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly queue: string | null;
}

export interface WallboardState {
  readonly seq: number;
  readonly serverTime: number;
  readonly sources: readonly SourceStatus[];
  readonly queues: readonly QueueView[];
  readonly extensions: readonly ExtensionView[];
  readonly calls: readonly CallView[];
}

/** The collections a patch can change; each element has a string `id` (extensions: their key). */
export type Collection = 'sources' | 'queues' | 'extensions' | 'calls';

export type PatchOp =
  | { readonly op: 'upsert'; readonly collection: Collection; readonly id: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly collection: Collection; readonly id: string };

export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly version: number;
  /** Changes when the server restarts: seq numbers of another epoch mean nothing. */
  readonly epoch: string;
  readonly seq: number;
  readonly state: WallboardState;
}

export interface PatchMessage {
  readonly type: 'patch';
  readonly version: number;
  readonly epoch: string;
  readonly seq: number;
  readonly serverTime: number;
  readonly ops: readonly PatchOp[];
}

export type ServerMessage = SnapshotMessage | PatchMessage;
export type ClientMessage = { readonly type: 'resync' };

/** Socket.IO event names. */
export const EVENTS = { server: 'message', client: 'client' } as const;
