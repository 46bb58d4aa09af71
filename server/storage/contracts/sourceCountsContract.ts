import { describe, expect, it } from 'vitest';
import type { SourceCountReader } from '../sourceCounts';
import type { DeadLetterInput, DeadLetters, Journal, JournalEntry } from '../types';
import { freshStore, type StoreBackend } from './backend';

/**
 * SourceCountReader's promise (../sourceCounts.ts) as one suite any backend runs: SQLite
 * (../sourceCounts.test.ts) and, when it exists, PostgreSQL. It counts what the journal and the dead
 * letters hold, so the backend opens those too. Pinned: webhook kinds only, the window's rows only
 * (by arrival time, also for a row added late with an old time), repeated calls agree with a fresh
 * count. A PostgreSQL reader must not take "rows above the last id seen" as "what is new": ids commit
 * out of order there (docs/decisions.md, the tail), so it needs the tail's horizon or a full count.
 */
export interface SourceCountStores {
  readonly append: Journal['append'];
  readonly deadLetters: Pick<DeadLetters, 'add'>;
  readonly counts: SourceCountReader;
}

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

export function describeSourceCountsContract(name: string, backend: StoreBackend<SourceCountStores>): void {
  describe(`SourceCountReader contract (${name})`, () => {
    it("counts today's journaled and dead-lettered deliveries per webhook source, again and again", async () => {
      const { store, close } = await freshStore(backend);
      const { append, deadLetters, counts } = store;
      expect((await counts.countsSince(DAY_START)).size).toBe(0);
      await append(entry('branch', DAY_START - 1)); // yesterday
      await append(entry('branch', DAY_START));
      await append(entry('portsip', DAY_START + 5, 'portsip-wsi')); // a PBX link, not a webhook
      await deadLetters.add(letter('branch', DAY_START - 1));
      await deadLetters.add(letter('branch', DAY_START + 1));
      expect(Object.fromEntries(await counts.countsSince(DAY_START))).toEqual({
        branch: { accepted: 1, rejected: 1 },
      });

      await append(entry('branch', DAY_START + 10));
      await append(entry('3cx', DAY_START + 11));
      // A replayed letter is journaled under its old arrival time: a new row, but not today's.
      await append(entry('branch', DAY_START - 100));
      await deadLetters.add(letter('3cx', DAY_START + 12));
      expect(Object.fromEntries(await counts.countsSince(DAY_START))).toEqual({
        branch: { accepted: 2, rejected: 1 },
        '3cx': { accepted: 1, rejected: 1 },
      });
      // Nothing new: the same counts again.
      expect((await counts.countsSince(DAY_START)).get('branch')).toEqual({ accepted: 2, rejected: 1 });

      // Another window (the next day, or changed day settings) is counted afresh.
      expect(Object.fromEntries(await counts.countsSince(DAY_START + 11))).toEqual({
        '3cx': { accepted: 1, rejected: 1 },
      });
      expect((await counts.countsSince(DAY_START + 1_000)).size).toBe(0);
      await close();
    });
  });
}
