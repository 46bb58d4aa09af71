import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { journalConnection } from './journalSync';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

function mainConnection(synchronous: 'FULL' | 'NORMAL') {
  const db = new Database(join(tempDir(), 'callboard.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE t (x)');
  return db;
}

describe('journalConnection', () => {
  it('with synchronous=full: its own NORMAL connection, the main one stays FULL, commits synced after', async () => {
    const main = mainConnection('FULL');
    const j = journalConnection(main);
    expect(j.db).not.toBe(main);
    expect(j.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(main.pragma('synchronous', { simple: true })).toBe(2);
    j.db.prepare('INSERT INTO t VALUES (1)').run();
    const synced = await Promise.all(
      [1, 2, 3].map(() => new Promise<Error | null>((resolve) => j.afterSync?.(resolve))),
    );
    expect(synced).toEqual([null, null, null]);
    expect(main.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    j.close();
    main.close();
  });

  it('close syncs and settles whatever waits, at once', () => {
    const main = mainConnection('FULL');
    const j = journalConnection(main);
    j.db.prepare('INSERT INTO t VALUES (1)').run();
    const settled: (Error | null)[] = [];
    j.afterSync?.((err) => settled.push(err)); // in flight on the thread pool
    j.afterSync?.((err) => settled.push(err)); // waits for the next sync
    j.close();
    expect(settled).toEqual([null]);
    main.close();
  });

  it('with synchronous=normal: the main connection, nothing to wait for', () => {
    const main = mainConnection('NORMAL');
    const j = journalConnection(main);
    expect(j.db).toBe(main);
    expect(j.afterSync).toBeNull();
    j.close();
    expect(main.open).toBe(true);
    main.close();
  });
});
