import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type DeadLetterInput, openStorage } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

function letter(n: number, source = 'portsip'): DeadLetterInput {
  return {
    source,
    kind: 'portsip-webhook',
    receivedAt: 1_773_129_600_000 + n,
    status: 400,
    reason: `invalid JSON at position ${n}`,
    method: 'POST',
    url: '/webhooks/portsip?token=[secret]',
    headers: { 'content-type': 'application/json', authorization: '[secret]' },
    contentType: 'application/json',
    body: `{"n":${n}`,
  };
}

describe('dead letters', () => {
  it('are stored whole and read back by id', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    const id = storage.deadLetters.add(letter(1));
    expect(storage.deadLetters.get(id)).toEqual({ ...letter(1), id, replayedAt: null, replayResult: null });
    expect(storage.deadLetters.get(id + 1)).toBeUndefined();
    await storage.close();
    const reopened = openStorage({ dataDir: dir });
    expect(reopened.deadLetters.get(id)?.headers).toEqual(letter(1).headers);
    await reopened.close();
  });

  it('list newest first, with limit, beforeId and source filters', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const ids = [1, 2, 3, 4, 5, 6].map((n) => storage.deadLetters.add(letter(n, n % 2 ? '3cx' : 'portsip')));
    const list = (o?: Parameters<typeof storage.deadLetters.list>[0]) =>
      storage.deadLetters.list(o).map((l) => l.id);
    expect(list()).toEqual([...ids].reverse());
    expect(list({ limit: 2 })).toEqual([ids[5], ids[4]]);
    expect(list({ beforeId: ids[3] as number, limit: 2 })).toEqual([ids[2], ids[1]]);
    expect(list({ source: '3cx' })).toEqual([ids[4], ids[2], ids[0]]);
    expect(list({ source: '3cx', beforeId: ids[4] as number, limit: 1 })).toEqual([ids[2]]);
    expect(list({ source: 'nobody' })).toEqual([]);
    expect(list({ limit: 0 })).toHaveLength(1); // clamped to at least one
    await storage.close();
  });

  it('record a replay, and never reuse an id', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const id = storage.deadLetters.add(letter(1));
    storage.deadLetters.markReplayed(id, 1_773_130_000_000, 'accepted 2 events');
    expect(storage.deadLetters.get(id)).toMatchObject({
      replayedAt: 1_773_130_000_000,
      replayResult: 'accepted 2 events',
    });
    storage.deadLetters.markReplayed(id + 100, 1, 'gone'); // a pruned letter: nothing to mark
    storage.prune(1_773_129_600_000 + 365 * 86_400_000, {
      journalDays: 8,
      rawDays: 3,
      dedupeHours: 72,
      deadLetterDays: 30,
    });
    expect(storage.deadLetters.list()).toEqual([]);
    expect(storage.deadLetters.add(letter(2))).toBeGreaterThan(id);
    await storage.close();
  });
});

describe('dead letters are capped per source', () => {
  const ids = (storage: ReturnType<typeof openStorage>, source: string) =>
    storage.deadLetters.list({ source, limit: 1000 }).map((l) => l.id);

  it('by count: the newest are kept, the oldest dropped and counted, across a restart', async () => {
    const dir = tempDir();
    const caps = { letters: 5, bytes: 1024 * 1024 };
    const storage = openStorage({ dataDir: dir, deadLetterCaps: caps });
    const added = Array.from({ length: 12 }, (_, n) => storage.deadLetters.add(letter(n, '3cx')));
    const other = storage.deadLetters.add(letter(99, 'portsip'));
    expect(ids(storage, '3cx')).toEqual(added.slice(-5).reverse());
    expect(storage.deadLetters.dropped('3cx')).toBe(7);
    // Another source's letters are neither dropped nor counted for it.
    expect(ids(storage, 'portsip')).toEqual([other]);
    expect(storage.deadLetters.dropped('portsip')).toBe(0);
    expect(storage.deadLetters.dropped('nobody')).toBe(0);
    expect(storage.deadLetters.dropped()).toBe(7);
    await storage.close();

    const reopened = openStorage({ dataDir: dir, deadLetterCaps: caps });
    expect(reopened.deadLetters.dropped('3cx')).toBe(7);
    reopened.deadLetters.add(letter(12, '3cx'));
    expect(reopened.deadLetters.dropped('3cx')).toBe(8);
    expect(ids(reopened, '3cx')).toHaveLength(5);
    await reopened.close();
  });

  it('by bytes (body, headers and url): 500 bodies of 64 KiB stay under 1 MiB', async () => {
    const caps = { letters: 1000, bytes: 1024 * 1024 };
    const storage = openStorage({ dataDir: tempDir(), deadLetterCaps: caps });
    const big = (n: number): DeadLetterInput => ({
      ...letter(n, '3cx'),
      body: `${n}`.padEnd(64 * 1024, 'x'),
    });
    const added = Array.from({ length: 500 }, (_, n) => storage.deadLetters.add(big(n)));
    const kept = storage.deadLetters.list({ source: '3cx', limit: 1000 });
    const size = (l: DeadLetterInput) =>
      Buffer.byteLength(l.body) + Buffer.byteLength(JSON.stringify(l.headers)) + Buffer.byteLength(l.url);
    const total = kept.reduce((sum, l) => sum + size(l), 0);
    expect(total).toBeLessThanOrEqual(caps.bytes);
    expect(total + size(big(0))).toBeGreaterThan(caps.bytes); // as many as fit, no fewer
    expect(kept.map((l) => l.id)).toEqual(added.slice(-kept.length).reverse());
    expect(storage.deadLetters.dropped('3cx')).toBe(500 - kept.length);
    await storage.close();
  });

  it('retention deletes keep the totals right, so the cap is not reached early', async () => {
    const caps = { letters: 3, bytes: 1024 * 1024 };
    const storage = openStorage({ dataDir: tempDir(), deadLetterCaps: caps });
    for (let n = 0; n < 3; n++) storage.deadLetters.add(letter(n));
    storage.prune(1_773_129_600_000 + 365 * 86_400_000, {
      journalDays: 8,
      rawDays: 3,
      dedupeHours: 72,
      deadLetterDays: 30,
    });
    for (let n = 3; n < 6; n++) storage.deadLetters.add(letter(n));
    expect(ids(storage, 'portsip')).toHaveLength(3);
    expect(storage.deadLetters.dropped('portsip')).toBe(0);
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
    storage.deadLetters.add(letter(9));
    expect(ids(storage, 'portsip')).toHaveLength(4);
    expect(storage.deadLetters.dropped('portsip')).toBe(1);
    await storage.close();
  });
});
