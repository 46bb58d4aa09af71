import { createAdapter } from '@socket.io/postgres-adapter';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import { type Config, redactedUrl } from '../config';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';

/**
 * Many instances on one PostgreSQL (issue #19): their Socket.IO servers share one message bus,
 * `@socket.io/postgres-adapter` (LISTEN/NOTIFY on one connection held from the pool; a message over
 * 8,000 bytes is parked in `socket_io_attachments`, schema v4, and the adapter deletes rows older
 * than 30 s). With it, `nsp.to(room).emit`, `nsp.in(room).disconnectSockets()` and
 * `serverSideEmit` reach every instance's sockets; the state stream stays on each instance
 * (`nsp.local`: each one has its own hub and epoch). Without DATABASE_URL: null, one process, the
 * default in-memory adapter.
 */
export interface SocketCluster {
  /** Spread into `new Server(…)`. */
  readonly serverOptions: Partial<ServerOptions>;
  /** After `io.close()` (which closes the adapter and gives its LISTEN connection back). */
  close(): Promise<void>;
}

export async function openSocketCluster(
  config: Pick<Config, 'databaseUrl'>,
  logger: Logger,
  o: { readonly cleanupIntervalMs?: number } = {},
): Promise<SocketCluster | null> {
  if (config.databaseUrl === null) return null;
  const log = logger.child({ part: 'socket-cluster' });
  // LISTEN holds one connection for good; a publish is one short query.
  const pool = openPgPool({
    url: config.databaseUrl,
    max: 4,
    applicationName: 'callboard-socketio',
    logger: log,
  });
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  log.info({ database: redactedUrl(config.databaseUrl) }, 'Socket.IO messages shared through PostgreSQL');
  return {
    serverOptions: {
      adapter: createAdapter(pool, {
        // A lost publish is logged; the viewers it missed heal at their next reconnect's snapshot.
        errorHandler: (err: Error) => log.warn({ err }, 'postgres adapter: a message failed'),
        ...(o.cleanupIntervalMs !== undefined ? { cleanupInterval: o.cleanupIntervalMs } : {}),
      }),
    },
    close: () => pool.end(),
  };
}
