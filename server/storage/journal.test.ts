import { renameSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { openStorage as open, type StorageOptions, StorageUnavailableError } from './index';
import { entry, type JournalBackend, journalContract } from './journalContract';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();
const WRITERS = ['thread', 'inline'] as const;

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

/** The storage of one data directory as the shared Journal contract (journalContract.ts) sees it. */
function sqliteBackend(writer: (typeof WRITERS)[number]): JournalBackend {
  return {
    newPlace: async () => tempDir(),
    async open(dataDir, options) {
      const storage = open({ dataDir, journalWriter: writer, ...options });
      let other: Database.Database | undefined;
      return {
        journal: storage.journal,
        onDisk: async () => onDisk(storage.path),
        async breakWrites(message) {
          // Another connection makes every journal insert fail, as a full disk or I/O error would.
          other = new Database(storage.path);
          other.exec(
            `CREATE TRIGGER broken BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, '${message}'); END`,
          );
        },
        async repairWrites() {
          other?.exec('DROP TRIGGER broken');
          other?.close();
        },
        close: () => storage.close(),
      };
    },
  };
}

for (const writer of WRITERS) journalContract(`SQLite, ${writer} writer`, sqliteBackend(writer));

describe.each(WRITERS)('SQLite journal append (%s writer)', (writer) => {
  const openStorage = (o: StorageOptions) => open({ journalWriter: writer, ...o });

  it('queues an append for the group commit rather than writing it at once', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const pending = storage.journal.append(entry(1));
    expect(onDisk(storage.path).journal).toBe(0); // queued for the group commit, not yet written
    await expect(pending).resolves.toEqual({ duplicate: false });
    expect(onDisk(storage.path).journal).toBe(1);
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
