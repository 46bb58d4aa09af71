import { renameSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import {
  type JournalEntry,
  openStorage as open,
  type StorageOptions,
  StorageUnavailableError,
} from './index';
import { answered } from './testing/events';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();
const T0 = 1_773_129_600_000; // 2026-03-10 08:00 UTC
const WRITERS = ['thread', 'inline'] as const;

function entry(n: number, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { source: 'pbx', kind: 'portsip-webhook', receivedAt: T0 + n, events: [answered(n)], ...extra };
}

/** A second, independent connection: what is on disk, not what the storage's connection caches. */
function onDisk(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      journal: db.prepare('SELECT count(*) FROM journal').pluck().get() as number,
      raw: db.prepare('SELECT count(*) FROM raw_payloads').pluck().get() as number,
      keys: db.prepare('SELECT key FROM dedupe_keys ORDER BY key').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

const sessions = (events: Iterable<DomainEvent>) =>
  [...events].map((e) => (e.type === 'callerAnswered' ? e.sessionId : e.type));

describe.each(WRITERS)('journal append (%s writer)', (writer) => {
  const openStorage = (o: StorageOptions) => open({ journalWriter: writer, ...o });

  it('resolves only once another connection can see the row', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const pending = storage.journal.append(
      entry(1, { raw: { contentType: 'application/json', body: '{"a":1}' } }),
    );
    expect(onDisk(storage.path).journal).toBe(0); // queued for the group commit, not yet written
    await expect(pending).resolves.toEqual({ duplicate: false });
    expect(onDisk(storage.path)).toMatchObject({ journal: 1, raw: 1 });
    await storage.close();
  });

  it('writes the appends of one tick in one transaction', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const before = storage.stats().commits;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => storage.journal.append(entry(i))),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(storage.stats()).toMatchObject({
      commits: before + 1,
      entries: 200,
      largestBatch: 200,
      pending: 0,
    });
    expect(onDisk(storage.path).journal).toBe(200);
    await storage.close();
  });

  it('commits at once when maxBatch entries wait, without waiting for the tick to end', async () => {
    const storage = openStorage({ dataDir: tempDir(), maxBatch: 10 });
    const appends = Array.from({ length: 25 }, (_, i) => storage.journal.append(entry(i)));
    // Inline, 10 + 10 are committed before append returns; the writer thread is asynchronous.
    if (writer === 'inline') expect(storage.stats()).toMatchObject({ commits: 2, pending: 5 });
    await Promise.all(appends);
    expect(storage.stats()).toMatchObject({ commits: 3, entries: 25, largestBatch: 10 });
    await storage.close();
  });

  it('stores a dedupe key once: a repeat in the same batch or a later one is a duplicate', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    const [a, b, c] = await Promise.all([
      storage.journal.append(entry(1, { dedupeKey: 'k1' })),
      storage.journal.append(entry(2, { dedupeKey: 'k1' })),
      storage.journal.append(entry(3, { dedupeKey: 'k2' })),
    ]);
    expect([a, b, c]).toEqual([{ duplicate: false }, { duplicate: true }, { duplicate: false }]);
    await expect(storage.journal.append(entry(4, { dedupeKey: 'k2' }))).resolves.toEqual({ duplicate: true });
    await expect(storage.journal.append(entry(5))).resolves.toEqual({ duplicate: false }); // no key, no dedupe
    expect(sessions(storage.journal.eventsReceivedSince(0))).toEqual(['s1', 's3', 's5']);
    expect(storage.stats()).toMatchObject({ entries: 3, duplicates: 2 });
    await storage.close();

    const reopened = openStorage({ dataDir: dir });
    await expect(reopened.journal.append(entry(6, { dedupeKey: 'k1' }))).resolves.toEqual({
      duplicate: true,
    });
    expect(onDisk(reopened.path)).toMatchObject({ journal: 3, keys: ['k1', 'k2'] });
    await reopened.close();
  });

  it('rejects the whole batch with StorageUnavailableError when the transaction fails, and stores nothing', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    await storage.journal.append(entry(0));
    // Another connection makes every journal insert fail, as a full disk or I/O error would.
    const other = new Database(storage.path);
    other.exec(
      "CREATE TRIGGER broken BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END",
    );
    const settled = await Promise.allSettled([
      storage.journal.append(entry(1, { dedupeKey: 'k1' })),
      storage.journal.append(entry(2)),
    ]);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const reason = (s as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(StorageUnavailableError);
      expect(String(reason.message)).toMatch(/simulated disk failure/);
    }
    expect(onDisk(storage.path)).toMatchObject({ journal: 1, keys: [] }); // the key rolled back too
    expect(storage.stats()).toMatchObject({ failedCommits: 1 });

    // Once the disk is back, the sender's retry is stored, not taken for a duplicate.
    other.exec('DROP TRIGGER broken');
    other.close();
    await expect(storage.journal.append(entry(1, { dedupeKey: 'k1' }))).resolves.toEqual({
      duplicate: false,
    });
    await storage.close();
  });

  it('commits what is pending on close, then refuses appends', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const pending = storage.journal.append(entry(1));
    await storage.close();
    await expect(pending).resolves.toEqual({ duplicate: false });
    expect(onDisk(storage.path).journal).toBe(1);
    await expect(storage.journal.append(entry(2))).rejects.toBeInstanceOf(StorageUnavailableError);
    await storage.close(); // twice is fine
  });

  it('rejects a malformed entry alone, without failing its batch', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const bad = { ...entry(1), source: undefined } as unknown as JournalEntry;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const unserializable = { ...entry(2), events: [circular] } as unknown as JournalEntry;
    const settled = await Promise.allSettled([
      storage.journal.append(bad),
      storage.journal.append(unserializable),
      storage.journal.append(entry(3)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect(onDisk(storage.path).journal).toBe(1);
    await storage.close();
  });
});

describe.each(WRITERS)('journal replay (eventsReceivedSince, %s writer)', (writer) => {
  const openStorage = (o: StorageOptions) => open({ journalWriter: writer, ...o });

  it('yields exactly the events received since a time, in arrival order, across reopen', async () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    await storage.journal.append({
      source: 'pbx',
      kind: 'portsip-wsi',
      receivedAt: T0 + 10,
      events: [answered(10), answered(11)],
    });
    await storage.journal.append(entry(5)); // stamped earlier than the entry before it
    await storage.journal.append(entry(20));
    await storage.journal.append({ source: 'pbx', kind: '3cx', receivedAt: T0 + 30, events: [] });
    await storage.journal.append(entry(40));
    await storage.close();

    const reopened = openStorage({ dataDir: dir });
    const since = (ms: number) => sessions(reopened.journal.eventsReceivedSince(ms));
    expect(since(0)).toEqual(['s10', 's11', 's5', 's20', 's40']);
    expect(since(T0 + 10)).toEqual(['s10', 's11', 's20', 's40']);
    expect(since(T0 + 11)).toEqual(['s20', 's40']);
    expect(since(T0 + 40)).toEqual(['s40']);
    expect(since(T0 + 41)).toEqual([]);
    // Events come back as they went in.
    expect([...reopened.journal.eventsReceivedSince(T0 + 40)]).toEqual([answered(40)]);
    await reopened.close();
  });

  it('reads many pages, and a paused reader does not block the group commit', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const n = 5000;
    await Promise.all(Array.from({ length: n }, (_, i) => storage.journal.append(entry(i))));
    const it = storage.journal.eventsReceivedSince(T0 + 100)[Symbol.iterator]();
    const first = it.next();
    expect(first.value).toEqual(answered(100));
    // The reader is paused mid-way: a commit must still go through.
    await expect(storage.journal.append(entry(n))).resolves.toEqual({ duplicate: false });
    let count = 1;
    let last: DomainEvent | undefined;
    for (let r = it.next(); !r.done; r = it.next()) {
      count += 1;
      last = r.value;
    }
    expect(count).toBe(n + 1 - 100);
    expect(last).toEqual(answered(n));
    await storage.close();
  });
});

describe('journal writer thread', () => {
  it('answers StorageUnavailableError when its thread cannot run, and starts a new one for the next append', async () => {
    const dir = tempDir();
    const storage = open({ dataDir: dir, journalWriter: 'thread' });
    // The data directory disappears under the running server (a file in its place): the thread,
    // started by the first append, cannot open the database and dies.
    renameSync(dir, `${dir}.away`);
    writeFileSync(dir, 'not a directory');
    const failed = storage.journal.append(entry(1));
    await expect(failed).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(failed).rejects.toThrow(/journal writer stopped/);

    rmSync(dir);
    renameSync(`${dir}.away`, dir);
    await expect(storage.journal.append(entry(2))).resolves.toEqual({ duplicate: false });
    expect(sessions(storage.journal.eventsReceivedSince(0))).toEqual(['s2']);
    await storage.close();
  });
});
