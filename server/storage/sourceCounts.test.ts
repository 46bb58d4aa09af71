import { describe, expect, it } from 'vitest';
import { describeSourceCountsContract } from './contracts/sourceCountsContract';
import { type JournalEntry, openStorage } from './index';
import { sqliteStoreBackend } from './testing/sqliteBackend';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

/**
 * Today's counts per webhook source over real SQLite: webhook rows only, a window's rows only, and the
 * incremental catch-up (each call reads only the rows added since) adds up to what a full count says.
 */
const tempDir = tempDirsRemovedAfterEach();
const DAY_START = 1_773_100_800_000;

const entry = (source: string, receivedAt: number, kind = '3cx'): JournalEntry =>
  ({ source, kind, receivedAt, events: [] }) as unknown as JournalEntry;

describeSourceCountsContract(
  'SQLite',
  sqliteStoreBackend((s) => ({
    append: s.journal.append,
    deadLetters: s.deadLetters,
    counts: s.sourceCounts,
  })),
);

describe('source counts (SQLite)', () => {
  it('start over when every row was pruned and the journal ids began again', async () => {
    const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
    const { journal, sourceCounts } = storage;
    for (let i = 0; i < 5; i++) await journal.append(entry('branch', DAY_START - 10 * 86_400_000));
    expect((await sourceCounts.countsSince(DAY_START)).size).toBe(0); // remembers id 5 as seen
    storage.prune(DAY_START, { journalDays: 1, rawDays: 1, deadLetterDays: 1, dedupeHours: 72 });
    await journal.append(entry('branch', DAY_START + 1)); // id 1 again
    expect((await sourceCounts.countsSince(DAY_START)).get('branch')).toEqual({ accepted: 1, rejected: 0 });
    await storage.close();
  });
});
