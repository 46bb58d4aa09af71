import type { Namespace, Socket } from 'socket.io';
import { type ControlMessage, EVENTS, type FloorMessageView } from '../../lib/protocol';
import type { Principal } from '../auth';
import type { Admission } from './handshake';
import { PRINCIPAL_ROOMS } from './principalRooms';

/**
 * Floor messages to the `/wallboard` viewers, outside the seq-numbered stream (lib/protocol.ts
 * `floor`): each socket gets the whole list it may see at connect and after every change. A display
 * sees its board's messages only, an anonymous viewer the public board's; people and the API token
 * every board's (their page shows its own board's). Messages are few (server/floor/floor.ts caps
 * them), so a full list each time is smaller than any bookkeeping of what each socket has.
 *
 * A change goes to the principals' rooms (principalRooms.ts), one filtered list per room: people's,
 * anonymous viewers', and each board's displays. `reach` 'cluster' sends through the adapter to every
 * instance (an edit made here); 'local' to this instance's sockets (an expiry, which every instance's
 * own timer sees).
 */
export type FloorReach = 'cluster' | 'local';

export function floorLink(
  nsp: Namespace,
  o: { readonly publicBoard: string | null; readonly boardIds: () => Promise<readonly string[]> },
) {
  const forBoard = (board: string | null, all: readonly FloorMessageView[]) =>
    board === null ? [] : all.filter((m) => m.boardIds.includes(board));
  function visibleTo(
    p: Principal | undefined,
    all: readonly FloorMessageView[],
  ): readonly FloorMessageView[] {
    if (p?.kind === 'user' || p?.kind === 'api') return all;
    return forBoard(p?.kind === 'display' ? p.boardId : o.publicBoard, all);
  }
  const message = (messages: readonly FloorMessageView[]): ControlMessage => ({ type: 'floor', messages });

  return {
    /** A new viewer: what it may see now. */
    greet(socket: Socket, all: readonly FloorMessageView[]): void {
      const p = (socket.data.admission as Admission | undefined)?.principal;
      socket.emit(EVENTS.control, message(visibleTo(p, all)));
    },
    /** The list changed: each room gets its part again (one filter per board, not per socket). */
    async broadcast(all: readonly FloorMessageView[], reach: FloorReach): Promise<void> {
      // The boards first: the emits below then go out together, in one turn.
      const boards = await o.boardIds();
      const to = reach === 'local' ? nsp.local : nsp;
      to.to(PRINCIPAL_ROOMS.everyBoard).emit(EVENTS.control, message(all));
      to.to(PRINCIPAL_ROOMS.anonymous).emit(EVENTS.control, message(forBoard(o.publicBoard, all)));
      for (const board of boards)
        to.to(PRINCIPAL_ROOMS.boardDisplays(board)).emit(EVENTS.control, message(forBoard(board, all)));
    },
  };
}
