import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { assertWritable } from './database';

/**
 * Synchronous=full durability for the journal without blocking the event loop on the disk.
 *
 * With `PRAGMA synchronous = FULL` in WAL mode, SQLite fsyncs the -wal file inside every commit, on
 * the calling thread: better-sqlite3 runs on the main thread, so each group commit stopped all HTTP
 * and socket work for the length of an fsync (most of the journal's time in the webhook profile).
 * Here the journal writes through its own connection with `synchronous = NORMAL` (the commit is
 * written to the -wal file, not synced) and then syncs the -wal file on libuv's thread pool; no
 * append resolves — so no webhook gets its 2xx — before the sync that covers its commit has
 * finished. That is what FULL does (WAL frames synced after each commit); checkpoints and WAL
 * restarts are synced by SQLite itself in NORMAL mode. Commits made while a sync runs wait for the
 * next one, which covers them all (group sync).
 *
 * The database's other writers (dead letters, boards) keep the main connection and its FULL mode.
 */
export interface JournalConnection {
  readonly db: Database.Database;
  /** Calls `done` once everything committed so far is on disk; null when no sync is asked for. */
  readonly afterSync: ((done: (err: Error | null) => void) => void) | null;
  /** Syncs what waits (synchronously) and closes what this module opened. */
  close(): void;
}

/** FULL is 2 in `PRAGMA synchronous`. */
const FULL = 2;

export function journalConnection(main: Database.Database): JournalConnection {
  if (main.memory || main.pragma('synchronous', { simple: true }) !== FULL) {
    // NORMAL: commits are not synced one by one anyway; the main connection does as before.
    return { db: main, afterSync: null, close: () => {} };
  }
  const db = new Database(main.name);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Number(main.pragma('busy_timeout', { simple: true }))}`);
    db.pragma(`foreign_keys = ${main.pragma('foreign_keys', { simple: true }) ? 'ON' : 'OFF'}`);
    assertWritable(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const walPath = `${main.name}-wal`;
  let fd: number | null = null;
  let syncing = false;
  let closed = false;
  let waiting: ((err: Error | null) => void)[] = [];

  const settle = (batch: readonly ((err: Error | null) => void)[], err: Error | null) => {
    for (const done of batch) done(err);
  };
  function next(): void {
    if (syncing || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    try {
      fd ??= openSync(walPath, 'r');
    } catch (err) {
      settle(batch, err as Error);
      return;
    }
    syncing = true;
    fdatasync(fd, (err) => {
      syncing = false;
      settle(batch, err);
      if (closed) closeFd();
      else next();
    });
  }
  function closeFd(): void {
    if (fd !== null && !syncing) {
      closeSync(fd);
      fd = null;
    }
  }

  return {
    db,
    afterSync(done) {
      waiting.push(done);
      next();
    },
    close() {
      if (closed) return;
      closed = true;
      const batch = waiting;
      waiting = [];
      let failure: Error | null = null;
      if (batch.length > 0) {
        try {
          fd ??= openSync(walPath, 'r');
          fdatasyncSync(fd);
        } catch (err) {
          failure = err as Error;
        }
      }
      settle(batch, failure);
      closeFd();
      db.close();
    },
  };
}
