import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import {
  type ClientMessage,
  EVENTS,
  type HeartbeatMessage,
  type PatchMessage,
  PROTOCOL_VERSION,
  type ResumePoint,
  resumePointOf,
  type SnapshotMessage,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';
import { controlOf } from './control';
import { type Admission, guardHandshakes } from './handshake';
import { createHandshakeLimiter, DROP_WEIGHT } from './handshakeLimiter';
import { DEFAULT_LINK_LIMITS, type LinkLimits } from './linkLimits';
import { emptyLinkStats } from './linkStats';
import { dropNow, guardOutgoing } from './outgoing';
import { createPace } from './pace';
import { principalRoomsOf } from './principalRooms';
import { createRoom, epochOf, type Room, roomKey } from './rooms';

export type { Admission } from './handshake';
export type { LinkLimits } from './linkLimits';

/**
 * The `/wallboard` namespace with the server deciding who sees what. A viewer gets a snapshot on
 * connect (or, resuming, what it missed), then every patch, and a heartbeat when nothing changed for
 * a while. Snapshots and patches go out as broadcasts, which Socket.IO encodes once for all their
 * recipients: encoding the ~1 MB snapshot per socket made 1,000 boards take ~20 s to connect (and a
 * restart, when they all reconnect at once, as long). At the handshake `admit` names the viewer and
 * its scope (every queue, or a board's queues); viewers of one scope share a room, and a scoped
 * room's patches are filtered once per room (server/realtime/scopedView.ts), never per socket. Each
 * room keeps a ring of its recent patches, as its viewers got them, to answer `resume`. Snapshots
 * owed in one event-loop turn are built once per room. Revoking a token disconnects its sockets at
 * once; without connection-state recovery, a reconnect goes through `admit` again. The stream is
 * this instance's own (its hub, its epoch): every broadcast of it is `nsp.local`, so a cluster
 * adapter (cluster.ts) never carries it to another instance's viewers.
 *
 * No viewer can make the server buffer or work without bound (limits: server/realtime/linkLimits.ts):
 * one catch-up answer (snapshot or replay) per socket per interval, whatever it asks (pace.ts); a
 * socket whose unsent bytes pass the limit is dropped (outgoing.ts), as is one sending more messages
 * than any client needs; an address with too many failed handshakes is refused a while (handshake.ts).
 */
export interface ViewerSource {
  snapshot(): SnapshotMessage;
  onPatch(listener: (patch: PatchMessage) => void): () => void;
  /** The source started over (a settings change moved the day): every viewer takes a fresh snapshot. */
  onReset?(listener: () => void): () => void;
}

export interface ViewerOptions {
  /** null: refused (the client sees `connect_error` "unauthorized"). */
  readonly admit: (socket: Socket) => Admission | 'revoked' | null | Promise<Admission | 'revoked' | null>;
  readonly logger: Logger;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
  /** The client's address (behind a trusted proxy, the forwarded one); default: the peer's. */
  readonly addressOf?: (socket: Socket) => string;
  readonly limits?: Partial<LinkLimits>;
  readonly now?: () => number;
  /** Each admitted socket, once connected: what else it carries (floor messages, a display's reports). */
  readonly onViewer?: (socket: Socket, admission: Admission) => void;
}

type Ask = { readonly kind: 'snapshot' } | { readonly kind: 'resume'; readonly from: ResumePoint };

interface Viewer {
  readonly socket: Socket;
  readonly room: Room;
  /** Client messages in the current flood window. */
  messages: number;
  windowStart: number;
}

export function attachViewers(io: Server, source: ViewerSource, o: ViewerOptions) {
  const limits: LinkLimits = { ...DEFAULT_LINK_LIMITS, ...o.limits };
  const now = o.now ?? Date.now;
  const stats = emptyLinkStats();
  const addressOf = o.addressOf ?? ((socket: Socket) => socket.handshake.address);
  const nsp = io.of(WALLBOARD_NAMESPACE);
  const limiter = createHandshakeLimiter(limits.handshakes);
  guardHandshakes(nsp, {
    admit: o.admit,
    addressOf,
    limiter,
    logger: o.logger,
    stats,
    ...(o.whenReady ? { whenReady: o.whenReady } : {}),
  });

  const rooms = new Map<string, Room>();
  const viewers = new Map<string, Viewer>();
  const owed = new Map<string, Room>(); // socket id → its room, until its snapshot is sent
  let pending: NodeJS.Immediate | null = null;
  const pace = createPace<Ask>({
    intervalMs: limits.answerIntervalMs,
    now,
    answer: (id, ask) => {
      const v = viewers.get(id);
      if (v) answer(v, ask);
    },
    onHeld: () => {
      stats.answersDeferred += 1;
    },
  });

  function sendSnapshots(): void {
    pending = null;
    if (owed.size === 0) return;
    const byRoom = new Map<Room, string[]>();
    for (const [socketId, room] of owed) {
      const list = byRoom.get(room);
      if (list) list.push(socketId);
      else byRoom.set(room, [socketId]);
    }
    owed.clear();
    const full = source.snapshot();
    for (const [room, sockets] of byRoom) {
      if (!rooms.has(room.key)) continue;
      const epoch = epochOf(room, full.epoch);
      nsp.local.to(sockets).emit(EVENTS.server, room.view ? { ...room.view.snapshot(full), epoch } : full);
      room.ring.mark(epoch, full.seq);
      room.primed = true;
      stats.snapshotsSent += sockets.length;
    }
  }
  const owe = (socket: Socket, room: Room) => {
    owed.set(socket.id, room);
    pending ??= setImmediate(sendSnapshots);
  };

  /** A resume from the room's ring when it can bridge from there, a snapshot otherwise. */
  function answer(v: Viewer, ask: Ask): void {
    if (ask.kind === 'resume') {
      const missed = v.room.primed ? v.room.ring.after(ask.from.epoch, ask.from.seq) : null;
      if (missed) {
        stats.resumedFromRing += 1;
        for (const patch of missed) v.socket.emit(EVENTS.server, patch);
        if (missed.length === 0) v.socket.emit(EVENTS.server, heartbeat(ask.from));
        return;
      }
      stats.resumeFellBack += 1;
    }
    owe(v.socket, v.room);
  }

  const heartbeat = (at: ResumePoint): HeartbeatMessage => ({
    type: 'heartbeat',
    version: PROTOCOL_VERSION,
    epoch: at.epoch,
    seq: at.seq,
    serverTime: now(),
  });

  /** To a room's members that are in step: not owed a snapshot, no answer held back. */
  function stream(room: Room, message: PatchMessage | HeartbeatMessage): void {
    const skip = owed.size === 0 ? pace.held : new Set([...pace.held, ...owed.keys()]);
    const to = nsp.local.to(room.key);
    (skip.size > 0 ? to.except([...skip]) : to).emit(EVENTS.server, message);
  }

  const stopPatches = source.onPatch((patch) => {
    beat.refresh();
    for (const room of rooms.values()) {
      const message = room.view ? { ...room.view.patch(patch), epoch: epochOf(room, patch.epoch) } : patch;
      if (room.primed) room.ring.push(message);
      if (room.members.size > 0) stream(room, message);
    }
  });

  // A quiet stream still says where it is: a heartbeat heartbeatMs after the last patch or
  // heartbeat (the timer is re-armed by each patch, so a busy stream gets none).
  const beat = setTimeout(function beatNow() {
    for (const room of rooms.values()) {
      const at = room.ring.point();
      if (!at || !room.primed || room.members.size === 0) continue;
      stream(room, heartbeat(at));
      stats.heartbeatsSent += room.members.size;
    }
    beat.refresh();
  }, limits.heartbeatMs);
  beat.unref();
  // Empty rooms are let go once nobody came back to resume.
  const sweep = setInterval(
    () => {
      const t = now();
      for (const room of rooms.values())
        if (room.emptySince !== null && t - room.emptySince > limits.roomKeepMs) rooms.delete(room.key);
    },
    Math.max(100, limits.roomKeepMs / 4),
  );
  sweep.unref();

  // A reset's seq follows no patch: every socket is owed a snapshot, and gets no patch until then;
  // no ring bridges it, and a scoped view must be primed again before it filters.
  const stopResets =
    source.onReset?.(() => {
      for (const room of rooms.values()) {
        room.ring.clear();
        if (room.view) room.primed = false;
      }
      for (const v of viewers.values()) {
        pace.forget(v.socket.id);
        owe(v.socket, v.room);
      }
    }) ?? (() => {});

  /** Cut a socket off; its address is counted as if it failed a few handshakes (handshakeLimiter.ts). */
  function drop(v: Viewer, why: string, detail: Record<string, unknown>): void {
    const address = addressOf(v.socket);
    o.logger.warn({ address, ...detail }, `wallboard socket dropped: ${why}`);
    void limiter.failed(address, DROP_WEIGHT);
    // After the broadcast that tripped it: the adapter may be iterating the room right now.
    queueMicrotask(() => dropNow(v.socket));
  }

  function onMessage(v: Viewer, message: ClientMessage): void {
    const t = now();
    if (t - v.windowStart >= limits.floodWindowMs) {
      v.windowStart = t;
      v.messages = 0;
    }
    v.messages += 1;
    if (v.messages === limits.maxMessages + 1) {
      stats.floodersDropped += 1;
      drop(v, 'too many messages', { messages: v.messages, windowMs: limits.floodWindowMs });
    }
    if (v.messages > limits.maxMessages) return;
    const from = message?.type === 'resume' ? resumePointOf(message) : null;
    if (message?.type === 'resync' || message?.type === 'resume')
      pace.ask(v.socket.id, from ? { kind: 'resume', from } : { kind: 'snapshot' });
  }

  nsp.on('connection', (socket) => {
    const { scope, principal } = socket.data.admission as Admission;
    const key = roomKey(scope);
    let found = rooms.get(key);
    if (!found) {
      found = createRoom(scope, limits.ring);
      rooms.set(key, found);
    }
    const room = found;
    const v: Viewer = { socket, room, messages: 0, windowStart: now() };
    viewers.set(socket.id, v);
    room.members.add(socket.id);
    room.emptySince = null;
    guardOutgoing(socket, limits.maxBufferedBytes, (bytes) => {
      stats.slowConsumersDropped += 1;
      drop(v, 'not reading', { bytes, limit: limits.maxBufferedBytes });
    });
    // Resuming: the replay (or the snapshot owed) comes before any patch, as the join comes after it.
    const from = resumePointOf((socket.handshake.auth as { resume?: unknown } | undefined)?.resume);
    pace.ask(socket.id, from ? { kind: 'resume', from } : { kind: 'snapshot' });
    // The stream's room, and the principal's rooms for messages outside it (control.ts).
    void socket.join([key, ...principalRoomsOf(principal)]);
    socket.on(EVENTS.client, (message: ClientMessage) => onMessage(v, message));
    socket.on('disconnect', () => {
      owed.delete(socket.id);
      pace.forget(socket.id);
      viewers.delete(socket.id);
      room.members.delete(socket.id);
      if (room.members.size === 0) room.emptySince = now();
    });
    o.onViewer?.(socket, socket.data.admission as Admission);
  });

  return {
    ...controlOf(nsp),
    rooms: () => rooms.size,
    /** The link's defence counters (server/realtime/linkStats.ts). */
    stats: () => ({ ...stats, sockets: viewers.size, rooms: rooms.size }),
    detach(): void {
      if (pending) clearImmediate(pending);
      pending = null;
      clearTimeout(beat);
      clearInterval(sweep);
      pace.stop();
      stopPatches();
      stopResets();
      nsp.local.disconnectSockets(true);
    },
  };
}

export type Viewers = ReturnType<typeof attachViewers>;
