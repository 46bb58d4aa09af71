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

// --- the client side: pure, shared by the browser store and the tests --------------------------

export interface ClientView {
  readonly epoch: string;
  readonly seq: number;
  readonly state: WallboardState;
}

export type Received =
  | { readonly kind: 'applied'; readonly view: ClientView }
  /** Ask the server for a snapshot: the message cannot be applied to what we have. */
  | { readonly kind: 'resync'; readonly reason: string };

/** Apply one patch's operations to a state (pure). Each touched collection is indexed once. */
export function applyPatch(state: WallboardState, patch: PatchMessage): WallboardState {
  const touched = new Map<Collection, Map<string, unknown>>();
  const collection = (c: Collection) => {
    let m = touched.get(c);
    if (!m) {
      m = new Map((state[c] as readonly { id: string }[]).map((v) => [v.id, v]));
      touched.set(c, m);
    }
    return m;
  };
  for (const op of patch.ops) {
    if (op.op === 'remove') collection(op.collection).delete(op.id);
    else collection(op.collection).set(op.id, op.value);
  }
  // Map keeps insertion order: existing elements stay where they were, new ones go last.
  const list = <T>(c: Collection): readonly T[] => {
    const m = touched.get(c);
    return m ? ([...m.values()] as T[]) : (state[c] as readonly T[]);
  };
  return {
    seq: patch.seq,
    serverTime: patch.serverTime,
    sources: list<SourceStatus>('sources'),
    queues: list<QueueView>('queues'),
    extensions: list<ExtensionView>('extensions'),
    calls: list<CallView>('calls'),
  };
}

/**
 * What a client does with a server message: a snapshot always replaces its view; a patch applies only
 * on top of seq − 1 of the same epoch and version, anything else means resync.
 */
export function receive(current: ClientView | null, msg: ServerMessage): Received {
  if (msg.version !== PROTOCOL_VERSION) return { kind: 'resync', reason: `protocol version ${msg.version}` };
  if (msg.type === 'snapshot')
    return { kind: 'applied', view: { epoch: msg.epoch, seq: msg.seq, state: msg.state } };
  if (!current) return { kind: 'resync', reason: 'patch before any snapshot' };
  if (msg.epoch !== current.epoch) return { kind: 'resync', reason: 'the server restarted' };
  if (msg.seq <= current.seq) return { kind: 'applied', view: current }; // a repeat: already applied
  if (msg.seq !== current.seq + 1)
    return { kind: 'resync', reason: `missed patches ${current.seq + 1}…${msg.seq - 1}` };
  return {
    kind: 'applied',
    view: { epoch: current.epoch, seq: msg.seq, state: applyPatch(current.state, msg) },
  };
}
