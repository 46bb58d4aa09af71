import type { Namespace, Socket } from 'socket.io';
import { type ControlMessage, EVENTS, type FloorMessageView } from '../../lib/protocol';
import type { Principal } from '../auth';
import type { Admission } from './handshake';

/**
 * Floor messages to the `/wallboard` viewers, outside the seq-numbered stream (lib/protocol.ts
 * `floor`): each socket gets the whole list it may see at connect and after every change. A display
 * sees its board's messages only, an anonymous viewer the public board's; people and the API token
 * every board's (their page shows its own board's). Messages are few (server/floor/floor.ts caps
 * them), so a full list each time is smaller than any bookkeeping of what each socket has.
 */
export function floorLink(nsp: Namespace, publicBoard: string | null) {
  function visibleTo(
    p: Principal | undefined,
    all: readonly FloorMessageView[],
  ): readonly FloorMessageView[] {
    if (p?.kind === 'user' || p?.kind === 'api') return all;
    const board = p?.kind === 'display' ? p.boardId : publicBoard;
    return board === null ? [] : all.filter((m) => m.boardIds.includes(board));
  }
  const principalOf = (socket: Socket) => (socket.data.admission as Admission | undefined)?.principal;
  const send = (socket: Socket, messages: readonly FloorMessageView[]) => {
    const message: ControlMessage = { type: 'floor', messages };
    socket.emit(EVENTS.control, message);
  };

  return {
    /** A new viewer: what it may see now. */
    greet(socket: Socket, all: readonly FloorMessageView[]): void {
      send(socket, visibleTo(principalOf(socket), all));
    },
    /** The list changed: every viewer gets its part again (one filter per board, not per socket). */
    broadcast(all: readonly FloorMessageView[]): number {
      const byBoard = new Map<string, readonly FloorMessageView[]>();
      let n = 0;
      for (const socket of nsp.sockets.values()) {
        const p = principalOf(socket);
        const key = p?.kind === 'display' ? `d:${p.boardId}` : (p?.kind ?? 'none');
        let list = byBoard.get(key);
        if (!list) {
          list = visibleTo(p, all);
          byBoard.set(key, list);
        }
        send(socket, list);
        n++;
      }
      return n;
    },
  };
}
