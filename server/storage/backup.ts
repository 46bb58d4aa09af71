import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { SECRET_KEY_FILE } from '../secrets/keyFile';
import { DATABASE_FILE } from './database';
import { MIGRATIONS } from './migrations';

/**
 * Backup and restore of a data dir's database, for `npm run backup` and `npm run restore`.
 *
 * Backup uses SQLite's online backup API through its own read-only connection: safe while the server
 * writes (SQLite's locks keep both sides consistent), and a copy of one moment, WAL included. A copy
 * of the file with `cp` is not: it misses what is still in the -wal file, or tears a page. The
 * secret key file (which seals the stored PBX passwords and webhook secrets) goes beside the copy,
 * as `<file>.key`: a database restored without it keeps its figures but not its secrets.
 *
 * Restore checks the backup (integrity_check, a schema this version knows), refuses while a server
 * holds the database, and keeps the database it replaces as `callboard.db.before-restore-<time>`.
 */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

export async function backupDatabase(o: {
  readonly dataDir: string;
  readonly file: string;
}): Promise<{ readonly file: string; readonly keyFile: string | null; readonly pages: number }> {
  const source = new Database(join(o.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  const partial = `${o.file}.partial`;
  let pages: number;
  try {
    mkdirSync(dirname(o.file), { recursive: true });
    // Owner-only from the start: the copy holds caller numbers and raw webhook bodies too. No
    // connection to this new file exists yet, so creating it outside SQLite is safe.
    rmSync(partial, { force: true });
    closeSync(openSync(partial, 'wx', 0o600));
    pages = (await source.backup(partial)).totalPages;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
  const problem = checkBackup(partial);
  if (problem !== null) {
    rmSync(partial, { force: true });
    throw new Error(`the copy failed its check (${problem}): nothing written`);
  }
  // Whole or absent under its name: a backup interrupted midway never passes for a good one.
  renameSync(partial, o.file);

  const key = join(o.dataDir, SECRET_KEY_FILE);
  let keyFile: string | null = null;
  if (existsSync(key)) {
    keyFile = `${o.file}.key`;
    copyPrivate(key, keyFile);
  }
  return { file: o.file, keyFile, pages };
}

/** Null when `file` is a sound Callboard database this version can open, else what is wrong. */
export function checkBackup(file: string): string | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return `cannot open it: ${messageOf(err)}`;
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `integrity_check: ${String(integrity)}`;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) return 'not a Callboard database (no schema version)';
    if (version > MIGRATIONS.length)
      return `schema version ${version} is newer than this Callboard's (${MIGRATIONS.length})`;
    const journal = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'").get();
    if (!journal) return 'not a Callboard database (no journal table)';
    return null;
  } catch (err) {
    return messageOf(err);
  } finally {
    db.close();
  }
}

export async function restoreDatabase(o: {
  readonly dataDir: string;
  readonly file: string;
  /** For the name of the replaced database. */
  readonly now: () => number;
}): Promise<{ readonly replaced: string | null; readonly keyRestored: boolean }> {
  const problem = checkBackup(o.file);
  if (problem !== null) throw new RestoreRefusedError(`${o.file} is not a usable backup: ${problem}`);
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const target = join(o.dataDir, DATABASE_FILE);
  const restoring = `${target}.restoring`;
  rmSync(restoring, { force: true });
  closeSync(openSync(restoring, 'wx', 0o600));
  const source = new Database(o.file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(restoring);
  } catch (err) {
    rmSync(restoring, { force: true });
    throw err;
  } finally {
    source.close();
  }

  const stamp = new Date(o.now()).toISOString().replace(/[:.]/g, '-');
  let replaced: string | null = null;
  if (existsSync(target)) {
    try {
      settleUnused(target);
    } catch (err) {
      rmSync(restoring, { force: true });
      throw err;
    }
    replaced = `${target}.before-restore-${stamp}`;
    renameSync(target, replaced);
  }
  // A -wal left without its database (or by the one set aside, now checkpointed) must not be
  // replayed into the restored file: SQLite would apply its pages on the next open.
  for (const companion of ['-wal', '-shm']) rmSync(`${target}${companion}`, { force: true });
  renameSync(restoring, target);

  const keyFile = `${o.file}.key`;
  const key = join(o.dataDir, SECRET_KEY_FILE);
  let keyRestored = false;
  if (existsSync(keyFile)) {
    if (existsSync(key)) renameSync(key, `${key}.before-restore-${stamp}`);
    copyPrivate(keyFile, key);
    keyRestored = true;
  }
  return { replaced, keyRestored };
}

/**
 * Refuse while any other connection (a running server) holds the database, using SQLite's own locks:
 * in exclusive locking mode, a write transaction needs the database file's exclusive lock, which
 * anyone else's connection (WAL readers hold a shared lock) denies at once. Otherwise fold the WAL
 * into the file, so the database kept aside is whole on its own.
 */
function settleUnused(target: string): void {
  const db = new Database(target, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        throw new RestoreRefusedError(`${target} is in use (a Callboard server is running): stop it first`);
      throw err;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Copy with mode 0600 (the key seals every stored secret). */
function copyPrivate(from: string, to: string): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
