import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A connection pool to one PostgreSQL database, set up so a database that goes away fails calls
 * instead of hanging them or crashing the process: connecting gives up after `connectTimeoutMs`, a
 * query after `queryTimeoutMs` (a server gone silent, no RST: without it a commit could wait for the
 * kernel's retransmissions, minutes, and every append behind it), TCP keepalive finds dead peers of
 * idle connections, and an idle client's error (its backend terminated, the network gone) is logged, not thrown (node-pg
 * emits it on the pool, where an unhandled 'error' would end the process). The pool drops such a
 * client and connects a new one for the next query.
 */
export function openPgPool(o: {
  readonly url: string;
  readonly max?: number;
  readonly connectTimeoutMs?: number;
  /** Client-side limit per query (default 15 s); the connection is dropped after one. */
  readonly queryTimeoutMs?: number;
  /** The name this instance shows in pg_stat_activity (which connection is whose). */
  readonly applicationName?: string;
  readonly logger?: Logger | undefined;
}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.max ?? 10,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5000,
    query_timeout: o.queryTimeoutMs ?? 15_000,
    keepAlive: true,
    application_name: o.applicationName ?? 'callboard',
  });
  pool.on('error', (err) => {
    o.logger?.warn({ err }, 'postgres: idle connection failed');
  });
  return pool;
}
