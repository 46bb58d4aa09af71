import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeAccountStoresContract } from './contracts/accountsContract';
import { describeDisplayStoreContract } from './contracts/displayContract';
import { MIGRATIONS, migrate } from './migrations';
import { sqliteStoreBackend } from './testing/sqliteBackend';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

describeAccountStoresContract(
  'SQLite',
  sqliteStoreBackend((s) => ({ users: s.users, sessions: s.sessions })),
);
describeDisplayStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.displays),
);

const tempDir = tempDirsRemovedAfterEach();
describe('migration 3', () => {
  it('upgrades a version-2 database and keeps its boards', () => {
    const db = new Database(`${tempDir()}/x.db`);
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO boards VALUES ('main', '{}', 0)").run();
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual([3]);
    expect(db.prepare('SELECT id FROM boards').pluck().all()).toEqual(['main']);
    db.close();
  });
});
