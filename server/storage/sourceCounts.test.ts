import { describe, expect, it } from 'vitest';
import { type DeadLetterInput, type JournalEntry, openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

/**
 * Today's counts per webhook source over real SQLite: webhook rows only, a window's rows only, and the
 * incremental catch-up (each call reads only the rows added since) adds up to what a full count says.
 */
const tempDir = tempDirsRemovedAfterEach();
const DAY_START = 1_773_100_800_000;

const entry = (source: string, receivedAt: number, kind = '3cx'): JournalEntry =>
  ({ source, kind, receivedAt, events: [] }) as unknown as JournalEntry;
const letter = (source: string, receivedAt: number): DeadLetterInput => ({
  source,
  kind: '3cx',
  receivedAt,
  status: 400,
  reason: 'invalid JSON',
  method: 'POST',
  url: '/api/webhooks/3cx/[secret]',
  headers: {},
  contentType: 'application/json',
  body: '{',
});

describe('source counts', () => {
  it("count today's journaled and dead-lettered deliveries per webhook source, catching up incrementally", async () => {
    const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
    const { journal, deadLetters, sourceCounts } = storage;
    await journal.append(entry('branch', DAY_START - 1)); // yesterday
    await journal.append(entry('branch', DAY_START));
    await journal.append(entry('portsip', DAY_START + 5, 'portsip-wsi')); // a PBX link, not a webhook
    await deadLetters.add(letter('branch', DAY_START - 1));
    await deadLetters.add(letter('branch', DAY_START + 1));
    expect(Object.fromEntries(sourceCounts.countsSince(DAY_START))).toEqual({
      branch: { accepted: 1, rejected: 1 },
    });

    await journal.append(entry('branch', DAY_START + 10));
    await journal.append(entry('3cx', DAY_START + 11));
    // A replayed letter is journaled under its old arrival time: new id, but not today's.
    await journal.append(entry('branch', DAY_START - 100));
    await deadLetters.add(letter('3cx', DAY_START + 12));
    expect(Object.fromEntries(sourceCounts.countsSince(DAY_START))).toEqual({
      branch: { accepted: 2, rejected: 1 },
      '3cx': { accepted: 1, rejected: 1 },
    });
    // Nothing new: the same counts again.
    expect(sourceCounts.countsSince(DAY_START).get('branch')).toEqual({ accepted: 2, rejected: 1 });

    // Another window (the next day, or changed day settings) is counted afresh.
    expect(Object.fromEntries(sourceCounts.countsSince(DAY_START + 11))).toEqual({
      '3cx': { accepted: 1, rejected: 1 },
    });
    expect(sourceCounts.countsSince(DAY_START + 1_000).size).toBe(0);
    await storage.close();
  });

  it('start over when every row was pruned and the journal ids began again', async () => {
    const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
    const { journal, sourceCounts } = storage;
    for (let i = 0; i < 5; i++) await journal.append(entry('branch', DAY_START - 10 * 86_400_000));
    expect(sourceCounts.countsSince(DAY_START).size).toBe(0); // remembers id 5 as seen
    storage.prune(DAY_START, { journalDays: 1, rawDays: 1, deadLetterDays: 1, dedupeHours: 72 });
    await journal.append(entry('branch', DAY_START + 1)); // id 1 again
    expect(sourceCounts.countsSince(DAY_START).get('branch')).toEqual({ accepted: 1, rejected: 0 });
    await storage.close();
  });
});
