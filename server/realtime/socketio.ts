import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import {
  type ClientMessage,
  EVENTS,
  type PatchMessage,
  type SnapshotMessage,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';

/**
 * The `/wallboard` Socket.IO namespace. A viewer gets a snapshot on connect (and on `resync`), then
 * every patch. Both go out as broadcasts, which Socket.IO encodes once for all their recipients:
 * patches to the whole namespace once per window, and one snapshot per event-loop turn to every socket
 * that became due one in that turn. Encoding the ~1 MB snapshot per socket made 1,000 boards take
 * ~20 s to connect (and a server restart, when they all reconnect at once, as long). Per-board
 * filtering comes with accounts and displays (issue #6).
 */
export interface WallboardOptions {
  readonly apiToken: string | null;
  readonly logger: Logger;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
}

/** What the namespace serves: the hub's published snapshot and its patches. */
export interface WallboardSource {
  snapshot(): SnapshotMessage;
  onPatch(listener: (patch: PatchMessage) => void): () => void;
}

export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function attachWallboard(io: Server, source: WallboardSource, o: WallboardOptions): () => void {
  const nsp = io.of(WALLBOARD_NAMESPACE);
  if (o.whenReady) {
    const ready = o.whenReady;
    nsp.use((_socket, next) => void ready.then(() => next()));
  }
  nsp.use((socket, next) => {
    if (o.apiToken === null || tokenMatches(socket.handshake.auth?.token, o.apiToken)) return next();
    o.logger.info({ address: socket.handshake.address }, 'wallboard socket refused: bad token');
    next(new Error('unauthorized'));
  });

  // Sockets owed a snapshot (each socket is in a room named by its id). Until it is sent they get no
  // patches: the snapshot, taken later, already holds what those patches carry.
  const owed = new Set<string>();
  let pending: NodeJS.Immediate | null = null;
  const sendSnapshots = () => {
    pending = null;
    if (owed.size === 0) return;
    const rooms = [...owed];
    owed.clear();
    nsp.to(rooms).emit(EVENTS.server, source.snapshot());
  };
  const owe = (socket: Socket) => {
    owed.add(socket.id);
    pending ??= setImmediate(sendSnapshots);
  };

  const stopBroadcast = source.onPatch((patch) => {
    if (owed.size === 0) nsp.emit(EVENTS.server, patch);
    else nsp.except([...owed]).emit(EVENTS.server, patch);
  });
  nsp.on('connection', (socket) => {
    owe(socket);
    socket.on(EVENTS.client, (message: ClientMessage) => {
      if (message?.type === 'resync') owe(socket);
    });
    socket.on('disconnect', () => owed.delete(socket.id));
  });
  return () => {
    if (pending) clearImmediate(pending);
    pending = null;
    stopBroadcast();
    nsp.disconnectSockets(true);
  };
}
