import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
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
  // Publishes, parked attachments and the adapter's cleanup: short queries (LISTEN has its own client).
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
      adapter: createAdapter(withOwnListener(pool, config.databaseUrl, log), {
        // A lost publish is logged; the viewers it missed heal at their next reconnect's snapshot.
        errorHandler: (err: Error) => log.warn({ err }, 'postgres adapter: a message failed'),
        ...(o.cleanupIntervalMs !== undefined ? { cleanupInterval: o.cleanupIntervalMs } : {}),
      }),
    },
    close: () => pool.end(),
  };
}

/**
 * What the adapter gets as its pool: its queries (publish, attachments, cleanup) go to the pool, but
 * its LISTEN connection is a client of its own. From a pool it would stay checked out with no
 * 'error' listener (node-pg drops the pool's while a client is out), so a database restart would
 * throw out of the process, and the dead client, never released, would hold `pool.end()` forever.
 * Here an error is logged, the client's 'end' follows, and the adapter connects again (~1–3 s);
 * its `release()` at close ends the client.
 */
function withOwnListener(pool: pg.Pool, url: string, log: Logger): pg.Pool {
  const own = {
    query: pool.query.bind(pool),
    async connect() {
      const client = new pg.Client({
        connectionString: url,
        application_name: 'callboard-socketio',
        keepAlive: true,
        connectionTimeoutMillis: 5000,
      });
      client.on('error', (err) => log.warn({ err }, 'postgres adapter: LISTEN connection lost'));
      try {
        await client.connect();
      } catch (err) {
        void client.end().catch(() => {});
        throw err;
      }
      return Object.assign(client, { release: () => void client.end().catch(() => {}) });
    },
  };
  // The adapter calls `connect()` and `query()` only (@socket.io/postgres-adapter 0.5, util.js).
  return own as unknown as pg.Pool;
}
