import type { Namespace } from 'socket.io';
import { type ControlMessage, EVENTS } from '../../lib/protocol';
import type { Revocation } from '../auth';
import { PRINCIPAL_ROOMS } from './principalRooms';

/**
 * What the rest of the server tells the viewers of `/wallboard`, outside the state stream. Each is
 * sent to the principals' rooms (principalRooms.ts), so with the PostgreSQL adapter it reaches the
 * sockets on every instance; with the in-memory adapter, this process's. At most once: a screen
 * that misses one (its instance lost the database a moment) heals at its next connect, which goes
 * through admission again and starts from a snapshot.
 */
export function controlOf(nsp: Namespace) {
  return {
    /** A revoked display token or an ended session: its sockets go now, on every instance. */
    revoke(r: Revocation): void {
      const room =
        r.kind === 'display' ? PRINCIPAL_ROOMS.display(r.displayId) : PRINCIPAL_ROOMS.user(r.userId);
      nsp.in(room).disconnectSockets(true);
    },
    /** Settings → General was saved: every screen reads its formats again (no data in the message). */
    settingsChanged(): void {
      const message: ControlMessage = { type: 'settingsChanged' };
      nsp.emit(EVENTS.control, message);
    },
    /**
     * "Reload now": a display's screens reload their page. Resolves to how many screens were told,
     * counted across instances (an instance that does not answer within the adapter's timeout is left
     * out of the count, not of the message).
     */
    async reloadDisplay(displayId: number): Promise<number> {
      const room = PRINCIPAL_ROOMS.display(displayId);
      const message: ControlMessage = { type: 'reload' };
      nsp.to(room).emit(EVENTS.control, message);
      const screens = await nsp
        .in(room)
        .fetchSockets()
        .catch(() => nsp.local.in(room).fetchSockets());
      return screens.length;
    },
    /**
     * A board's queues changed: its displays come back with the new scope, and so do anonymous
     * viewers when it is the public (demo) board they watch.
     */
    readmitBoard(boardId: string, isPublic: boolean): void {
      const rooms = [
        PRINCIPAL_ROOMS.boardDisplays(boardId),
        ...(isPublic ? [PRINCIPAL_ROOMS.anonymous] : []),
      ];
      nsp.in(rooms).disconnectSockets(true);
    },
  };
}
