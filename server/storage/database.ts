import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
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

/**
 * The process's first connection to the database under `dataDir`: creates the directory and file
 * owner-only (see `preparePrivateFile`), then connects. Every further connection of the same process
 * (the journal writer thread's) uses `connectDatabase`, which touches no file itself.
 */
export function openDatabase(o: {
  dataDir: string;
  synchronous: SynchronousMode;
  logger?: Logger | undefined;
}): { db: Database.Database; path: string } {
  // The journal holds caller numbers and raw webhook bodies: only this user may read it.
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const path = join(o.dataDir, DATABASE_FILE);
  preparePrivateFile(path, o.logger);
  return { db: connectDatabase(path, o.synchronous), path };
}

/**
 * A connection to an existing database file, in WAL mode with the journal's settings. Only SQLite
 * opens the file here: on Linux, closing ANY descriptor of a file drops every POSIX lock this process
 * holds on it (https://sqlite.org/howtocorrupt.html, section 2.2). A stray open-and-close while a
 * connection is live released its shared lock; the next outside reader (an admin's `sqlite3`, a
 * backup script) then took itself for the last connection, checkpointed and DELETED the -wal file,
 * and every later commit went into a deleted file: acknowledged webhooks lost at the next restart.
 */
export function connectDatabase(path: string, synchronous: SynchronousMode): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  try {
    // WAL: readers never block the writer, and a commit is one sequential append to the -wal file.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`${path}: could not switch to WAL mode (got "${String(mode)}")`);
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    assertWritable(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Throws unless `db` can write. SQLite opens a file it may not write (chattr +i, a read-only mount)
 * read-only without a word, and such a connection never writes again, even once the file is
 * writable: a journal writer started during the fault refused every webhook until a restart. A
 * write that is rolled back (the schema version set to itself) finds out and leaves nothing behind;
 * whoever opens tries again later with a new connection.
 */
export function assertWritable(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  try {
    db.exec(`BEGIN IMMEDIATE; PRAGMA user_version = ${version}`);
  } catch (err) {
    throw new Error(`${db.name} cannot be written: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
  }
}

/**
 * Create the database file with mode 0600 before SQLite does (SQLite would use 0644 under the usual
 * umask). SQLite gives the -wal and -shm files the database file's mode, so they follow. A file
 * someone left readable by others is tightened, with a warning.
 *
 * No descriptor of an existing file is ever opened (see connectDatabase): the file is created with
 * O_EXCL only when missing (then no connection can hold it), and modes are read and set by path.
 */
function preparePrivateFile(path: string, logger: Logger | undefined): void {
  if (!existsSync(path)) {
    try {
      closeSync(openSync(path, 'wx', 0o600));
    } catch (err) {
      // Created meanwhile by someone else: it exists, which is all this needed.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(file, mode & 0o700);
      logger?.warn(
        { path: file, was: mode.toString(8) },
        'database file was readable by others: now owner-only',
      );
    }
  }
}
