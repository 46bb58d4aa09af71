import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type Namespace, Server } from 'socket.io';
import { WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { type Auth, clientIp } from '../auth';
import type { Guard } from '../http/guard';
import type { Hub } from '../hub/hub';
import type { SocketCluster } from './cluster';
import { type ClusterBus, clusterBus } from './clusterMessages';
import { type Admission, admitBy } from './handshake';
import { attachViewers } from './viewers';

/**
 * The Socket.IO side of the process on its HTTP server: the `/wallboard` namespace, its viewers held
 * at the door until `markReady()` (a half-replayed day must not look live), and the cluster bus for
 * messages outside the numbered stream (DATABASE_URL: through the PostgreSQL adapter). Upgrades that
 * are not Socket.IO's go to `upgradeFallback` (Next's dev server). app.ts attaches the rest (floor,
 * alerts, fleet, the bus's handlers) to what this returns.
 */
export function openSockets(o: {
  readonly server: HttpServer;
  readonly cluster: SocketCluster | null;
  readonly hub: Hub;
  readonly auth: Auth;
  readonly guard: Guard;
  readonly logger: Logger;
  readonly upgradeFallback?: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined;
  readonly onViewer: (socket: import('socket.io').Socket, admission: Admission) => void;
}) {
  let markReady: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const io = new Server(o.server, { serveClient: false, destroyUpgrade: false, ...o.cluster?.serverOptions });
  const nsp: Namespace = io.of(WALLBOARD_NAMESPACE);
  const bus: ClusterBus = clusterBus(nsp, o.cluster !== null, o.logger.child({ part: 'cluster' }));
  o.server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket.io')) o.upgradeFallback?.(req, socket, head);
  });
  const wallboard = attachViewers(io, o.hub, {
    logger: o.logger,
    whenReady,
    addressOf: (socket) => clientIp(socket.request, o.auth.trustProxy),
    admit: admitBy(o.auth, o.guard),
    onViewer: o.onViewer,
  });
  return {
    io,
    nsp,
    bus,
    wallboard,
    /** Today's state is read: admit the viewers held at the door. */
    markReady: () => markReady(),
    /** After the viewers are detached: closes the sockets and the adapter, then the cluster's link. */
    async close(): Promise<void> {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await o.cluster?.close();
    },
  };
}
