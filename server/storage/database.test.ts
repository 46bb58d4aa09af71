import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteCli } from '../testing/sqliteCli';
import { openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

describe('the database file', () => {
  it('is created owner-only, in an owner-only directory, in WAL mode', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const storage = openStorage({ dataDir });
    expect(storage.path).toBe(join(dataDir, 'callboard.db'));
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(storage.path).mode & 0o777).toBe(0o600);
    await storage.journal.append({ source: 's', kind: '3cx', receivedAt: 1, events: [] });
    expect(statSync(`${storage.path}-wal`).mode & 0o777).toBe(0o600);
    const db = new Database(storage.path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await storage.close();
  });

  it('is made owner-only when found readable by others', async () => {
    const dir = tempDir();
    await openStorage({ dataDir: dir }).close();
    const path = join(dir, 'callboard.db');
    chmodSync(path, 0o644);
    await openStorage({ dataDir: dir }).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('stays locked while open: an outside sqlite3 read leaves the live WAL alone', async () => {
    // The writer thread once opened and closed the file outside SQLite, which drops every POSIX lock
    // the process holds on it; the sqlite3 shell then took itself for the last user and deleted the WAL.
    const storage = openStorage({ dataDir: tempDir(), synchronous: 'full' });
    const append = (n: number) =>
      storage.journal.append({ source: 's', kind: '3cx', receivedAt: n, events: [] });
    await append(1);
    expect(sqliteCli(storage.path, 'select count(*) from journal').trim()).toBe('1');
    expect(existsSync(`${storage.path}-wal`)).toBe(true);
    for (let n = 2; n <= 10; n++) await append(n);
    const db = new Database(storage.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM journal').pluck().get()).toBe(10);
    db.close();
    await storage.close();
  });
});
