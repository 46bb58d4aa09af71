import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import {
  type ClientMessage,
  type ControlMessage,
  EVENTS,
  type PatchMessage,
  type SnapshotMessage,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';
import type { Principal, Revocation } from '../auth';
import type { QueueScope } from '../http/guard';
import { createScopedView, type ScopedView } from './scopedView';

/**
 * The `/wallboard` namespace with the server deciding who sees what. A viewer gets a snapshot on
 * connect (and on `resync`), then every patch. Both go out as broadcasts, which Socket.IO encodes once
 * for all their recipients: encoding the ~1 MB snapshot per socket made 1,000 boards take ~20 s to
 * connect (and a restart, when they all reconnect at once, as long). At the handshake `admit` names
 * the viewer and its scope (every queue, or a board's queues); viewers of one scope share a room, and
 * a scoped room's patches are filtered once per room (server/realtime/scopedView.ts), never per
 * socket. Snapshots owed in one event-loop turn are built once per room. Revoking a token disconnects
 * its sockets at once; without connection-state recovery, a reconnect goes through `admit` again.
 */
export interface Admission {
  readonly principal: Principal;
  readonly scope: QueueScope;
}

export interface ViewerSource {
  snapshot(): SnapshotMessage;
  onPatch(listener: (patch: PatchMessage) => void): () => void;
  /** The source started over (a settings change moved the day): every viewer takes a fresh snapshot. */
  onReset?(listener: () => void): () => void;
}

export interface ViewerOptions {
  /** null: refused (the client sees `connect_error` "unauthorized"). */
  readonly admit: (socket: Socket) => Admission | null;
  readonly logger: Logger;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
}

interface Room {
  readonly key: string;
  /** null: every queue, patches as the hub sends them. */
  readonly view: ScopedView | null;
  readonly members: Set<string>;
}

const roomKey = (scope: QueueScope) =>
  scope === 'all' ? 'all' : `queues:${JSON.stringify([...scope].sort())}`;

export function attachViewers(io: Server, source: ViewerSource, o: ViewerOptions) {
  const nsp = io.of(WALLBOARD_NAMESPACE);
  if (o.whenReady) {
    const ready = o.whenReady;
    nsp.use((_socket, next) => void ready.then(() => next()));
  }
  nsp.use((socket, next) => {
    const admission = o.admit(socket);
    if (admission === null) {
      o.logger.info({ address: socket.handshake.address }, 'wallboard socket refused');
      return next(new Error('unauthorized'));
    }
    socket.data.admission = admission;
    next();
  });

  const rooms = new Map<string, Room>();
  const owed = new Map<string, Room>(); // socket id → its room, until its snapshot is sent
  let pending: NodeJS.Immediate | null = null;

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
      nsp.to(sockets).emit(EVENTS.server, room.view ? room.view.snapshot(full) : full);
    }
  }
  const owe = (socket: Socket, room: Room) => {
    owed.set(socket.id, room);
    pending ??= setImmediate(sendSnapshots);
  };

  const stopPatches = source.onPatch((patch) => {
    const waiting = [...owed.keys()];
    for (const room of rooms.values()) {
      const message = room.view ? room.view.patch(patch) : patch;
      const to = nsp.to(room.key);
      (waiting.length > 0 ? to.except(waiting) : to).emit(EVENTS.server, message);
    }
  });

  // A reset's seq follows no patch: every socket is owed a snapshot, and gets no patch until then.
  const stopResets =
    source.onReset?.(() => {
      for (const socket of nsp.sockets.values()) {
        const admission = socket.data.admission as Admission | undefined;
        const room = admission ? rooms.get(roomKey(admission.scope)) : undefined;
        if (room) owe(socket, room);
      }
    }) ?? (() => {});

  nsp.on('connection', (socket) => {
    const { scope } = socket.data.admission as Admission;
    const key = roomKey(scope);
    let room = rooms.get(key);
    if (!room) {
      // A new scoped room starts from the next snapshot (sent below), which also primes its view.
      room = { key, view: scope === 'all' ? null : createScopedView(scope), members: new Set() };
      rooms.set(key, room);
    }
    const joined = room;
    joined.members.add(socket.id);
    void socket.join(key);
    owe(socket, joined);
    socket.on(EVENTS.client, (message: ClientMessage) => {
      if (message?.type === 'resync') owe(socket, joined);
    });
    socket.on('disconnect', () => {
      owed.delete(socket.id);
      joined.members.delete(socket.id);
      if (joined.members.size === 0) rooms.delete(joined.key);
    });
  });

  function disconnectWhere(match: (p: Principal) => boolean): number {
    let n = 0;
    for (const socket of nsp.sockets.values()) {
      const admission = socket.data.admission as Admission | undefined;
      if (admission && match(admission.principal)) {
        socket.disconnect(true);
        n++;
      }
    }
    return n;
  }

  return {
    /** A revoked display token or an ended session: its sockets go now. */
    revoke(r: Revocation): number {
      return disconnectWhere((p) =>
        r.kind === 'display'
          ? p.kind === 'display' && p.displayId === r.displayId
          : p.kind === 'user' && p.userId === r.userId,
      );
    },
    /** Settings → General was saved: every screen reads its formats again (no data in the message). */
    settingsChanged(): void {
      const message: ControlMessage = { type: 'settingsChanged' };
      nsp.emit(EVENTS.control, message);
    },
    /** "Reload now": a display's screens reload their page. Returns how many were told. */
    reloadDisplay(displayId: number): number {
      let n = 0;
      const message: ControlMessage = { type: 'reload' };
      for (const socket of nsp.sockets.values()) {
        const p = (socket.data.admission as Admission | undefined)?.principal;
        if (p?.kind === 'display' && p.displayId === displayId) {
          socket.emit(EVENTS.control, message);
          n++;
        }
      }
      return n;
    },
    /**
     * A board's queues changed: its displays come back with the new scope, and so do anonymous
     * viewers when it is the public (demo) board they watch.
     */
    readmitBoard(boardId: string, isPublic: boolean): number {
      return disconnectWhere(
        (p) => (p.kind === 'display' && p.boardId === boardId) || (isPublic && p.kind === 'anonymous'),
      );
    },
    rooms: () => rooms.size,
    detach(): void {
      if (pending) clearImmediate(pending);
      pending = null;
      stopPatches();
      stopResets();
      nsp.disconnectSockets(true);
    },
  };
}

export type Viewers = ReturnType<typeof attachViewers>;
