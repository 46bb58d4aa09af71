import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { type ClientMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { type Peer, type SessionSource, startSession } from './session';

/**
 * The `/wallboard` Socket.IO namespace. Patches are sent once per window to the whole namespace
 * (Socket.IO encodes a broadcast once), snapshots to one socket. Per-board filtering comes with
 * accounts and displays (issue #6).
 */
export interface WallboardOptions {
  readonly apiToken: string | null;
  readonly logger: Logger;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
}

export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function peerOf(socket: Socket): Peer {
  return {
    send: (message) => socket.emit(EVENTS.server, message),
    onMessage: (handler) => socket.on(EVENTS.client, (m: ClientMessage) => handler(m)),
    close: () => socket.disconnect(true),
  };
}

export function attachWallboard(io: Server, source: SessionSource, o: WallboardOptions): () => void {
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
  // Every viewer gets each patch; the namespace-wide emit encodes it once for all of them.
  const stopBroadcast = source.onPatch((patch) => nsp.emit(EVENTS.server, patch));
  const broadcastOnly: SessionSource = { snapshot: () => source.snapshot(), onPatch: () => () => {} };
  nsp.on('connection', (socket) => {
    startSession(peerOf(socket), broadcastOnly);
  });
  return () => {
    stopBroadcast();
    nsp.disconnectSockets(true);
  };
}
