import type { Namespace } from 'socket.io';
import { type ControlMessage, EVENTS } from '../../lib/protocol';
import type { Principal, Revocation } from '../auth';
import type { Admission } from './handshake';

/** What the rest of the server tells the viewers of `/wallboard`, outside the state stream. */
export function controlOf(nsp: Namespace) {
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
  };
}
