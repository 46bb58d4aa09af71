import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';

/**
 * How hard a commit waits for the disk. Both modes run SQLite in WAL mode:
 *
 * - `full` (default): every commit fsyncs the WAL before it returns, so an acknowledged entry survives
 *   power loss and kernel panics, not just a crash of this process.
 * - `normal`: a commit is written to the WAL (the OS page cache) but not fsynced; fsync happens only
 *   at checkpoints. An acknowledged entry survives a crash or SIGKILL of this process (the kernel
 *   still holds the write), but the last commits before a power loss may be lost. The database is
 *   never corrupted either way; `normal` trades that window for much cheaper commits.
 */
export type SynchronousMode = 'full' | 'normal';

export const DATABASE_FILE = 'callboard.db';

/**
 * How long a statement waits for another connection's lock (a backup tool, an admin's sqlite3
 * shell) before failing with SQLITE_BUSY. Long enough to ride out a checkpoint, short enough that a
 * webhook sender gets its 503 before its own timeout.
 */
const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(o: {
  dataDir: string;
  synchronous: SynchronousMode;
  logger?: Logger | undefined;
}): { db: Database.Database; path: string } {
  // The journal holds caller numbers and raw webhook bodies: only this user may read it.
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const path = join(o.dataDir, DATABASE_FILE);
  ensurePrivateFile(path, o.logger);

  const db = new Database(path);
  try {
    // WAL: readers never block the writer, and a commit is one sequential append to the -wal file.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`${path}: could not switch to WAL mode (got "${String(mode)}")`);
    db.pragma(`synchronous = ${o.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    throw err;
  }
  return { db, path };
}

/**
 * Create the database file with mode 0600 before SQLite does (SQLite would use 0644 under the usual
 * umask). SQLite gives the -wal and -shm files the database file's mode, so they follow. A file
 * someone left readable by others is tightened, with a warning.
 */
function ensurePrivateFile(path: string, logger: Logger | undefined): void {
  closeSync(openSync(path, 'a', 0o600));
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(path, mode & 0o700);
    logger?.warn({ path, was: mode.toString(8) }, 'database file was readable by others: now owner-only');
  }
}
