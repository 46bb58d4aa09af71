import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { createFloorMessagesApi } from '../http/floorMessages';
import type { Guard } from '../http/guard';
import type { ClusterBus } from '../realtime/clusterMessages';
import { floorLink } from '../realtime/floorLink';
import type { Storage } from '../storage';
import { createFloor } from './floor';

/**
 * Floor messages' parts put together for app.ts: the service (store, expiry timer), its routes, and
 * the viewers' side, attached once the socket server exists (each change goes to every viewer, a new
 * viewer is greeted with what it may see). An edit made here reaches every instance's viewers, and
 * the other instances read the list again (`floorChanged`); an expiry each instance tells its own.
 */
export async function createFloorMessages(o: {
  readonly storage: Pick<Storage, 'floorMessages' | 'boards' | 'users'>;
  readonly guard: Pick<Guard, 'check' | 'publicBoards'>;
  readonly now: () => number;
  readonly logger: Logger;
}) {
  let sockets: ReturnType<typeof floorLink> | null = null;
  let bus: ClusterBus | null = null;
  const floor = await createFloor({
    store: o.storage.floorMessages,
    now: o.now,
    boardExists: async (id) => (await o.storage.boards.get(id)) !== undefined,
    onChange: (active, cause) => {
      sockets
        ?.broadcast(active, cause === 'edit' ? 'cluster' : 'local')
        .catch((err: unknown) => o.logger.error({ err }, 'floor: could not tell the screens'));
      if (cause === 'edit') bus?.tell({ type: 'floorChanged' });
    },
    logger: o.logger.child({ part: 'floor' }),
  });
  return {
    floor,
    routes: createFloorMessagesApi({ floor, guard: o.guard, users: o.storage.users }),
    attach(nsp: Namespace, cluster: ClusterBus): void {
      bus = cluster;
      sockets = floorLink(nsp, {
        publicBoard: [...o.guard.publicBoards][0] ?? null,
        boardIds: async () => (await o.storage.boards.list()).map((b) => b.id),
      });
    },
    greet(socket: Socket): void {
      sockets?.greet(socket, floor.active());
    },
    stop: () => floor.stop(),
  };
}
