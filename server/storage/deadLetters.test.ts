import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deadLetter, describeDeadLettersContract } from './contracts/deadLettersContract';
import { openStorage } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { sqliteStoreBackend } from './testing/sqliteBackend';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

const letter = deadLetter;

describeDeadLettersContract('SQLite', (caps) =>
  sqliteStoreBackend((s) => s.deadLetters, caps ? { deadLetterCaps: caps } : {}),
);

describe('dead letters are capped per source (SQLite: retention and migration)', () => {
  const ids = async (storage: ReturnType<typeof openStorage>, source: string) =>
    (await storage.deadLetters.list({ source, limit: 1000 })).map((l) => l.id);

  it('retention deletes keep the totals right, so the cap is not reached early', async () => {
    const caps = { letters: 3, bytes: 1024 * 1024 };
    const storage = openStorage({ dataDir: tempDir(), deadLetterCaps: caps });
    for (let n = 0; n < 3; n++) await storage.deadLetters.add(letter(n));
    storage.prune(1_773_129_600_000 + 365 * 86_400_000, {
      journalDays: 8,
      rawDays: 3,
      dedupeHours: 72,
      deadLetterDays: 30,
    });
    for (let n = 3; n < 6; n++) await storage.deadLetters.add(letter(n));
    expect(await ids(storage, 'portsip')).toHaveLength(3);
    expect(await storage.deadLetters.dropped('portsip')).toBe(0);
    await storage.close();
  });

  it('a database from before the caps gets its totals counted by the migration', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'callboard.db'));
    migrate(db, MIGRATIONS.slice(0, 3));
    const insert = db.prepare(
      `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
       VALUES (?, 'portsip-webhook', ?, 400, 'x', 'POST', '/u', '{}', 'application/json', '{}')`,
    );
    for (let n = 0; n < 4; n++) insert.run('portsip', 1_773_129_600_000 + n);
    db.close();
    const storage = openStorage({ dataDir: dir, deadLetterCaps: { letters: 4, bytes: 1024 * 1024 } });
    await storage.deadLetters.add(letter(9));
    expect(await ids(storage, 'portsip')).toHaveLength(4);
    expect(await storage.deadLetters.dropped('portsip')).toBe(1);
    await storage.close();
  });
});
