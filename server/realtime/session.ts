import type { ClientMessage, PatchMessage, ServerMessage, SnapshotMessage } from '../../lib/protocol';

/**
 * One viewer's link, independent of the transport. The session depends on a three-method peer: send a
 * message, hear the client's messages, close. Socket.IO is one such peer (realtime/socketio.ts);
 * tests use in-memory pairs.
 */
export interface Peer {
  send(message: ServerMessage): void;
  onMessage(handler: (message: ClientMessage) => void): void;
  close(reason: string): void;
}

export interface SessionSource {
  snapshot(): SnapshotMessage;
  onPatch(listener: (patch: PatchMessage) => void): () => void;
}

/** Start a viewer's session: a fresh snapshot first, then every patch; a `resync` gets a new snapshot. */
export function startSession(peer: Peer, source: SessionSource): () => void {
  peer.send(source.snapshot());
  const stop = source.onPatch((patch) => peer.send(patch));
  peer.onMessage((message) => {
    if (message?.type === 'resync') peer.send(source.snapshot());
  });
  return stop;
}
