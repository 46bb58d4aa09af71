import { describe, expect, it } from 'vitest';
import type { OutboxStore } from '../outbox';
import { DEFAULT_RETENTION, type PruneCounts } from '../retention';
import { answered } from '../testing/events';
import type { DeadLetterInput, JournalEntry, RetentionPolicy } from '../types';
import { freshStore, type StoreBackend } from './backend';
import { deadLetter } from './deadLettersContract';
import { notice } from './outboxContract';

/** What is left after a prune, per table: each row's time (received, seen, bucket), ascending. */
export interface Remaining {
  readonly journal: number[];
  readonly rawPayloads: number[];
  readonly dedupeKeys: number[];
  readonly deadLetters: number[];
  readonly quarterFigures: number[];
  /** Notifications by their time (created), and outcomes by theirs. */
  readonly outbox: number[];
  readonly outboxOutcomes: number[];
}

/** The tables retention prunes, as the contract fills and reads them on one backend. */
export interface RetentionSubject {
  append(entry: JournalEntry): Promise<{ duplicate: boolean }>;
  addDeadLetter(letter: DeadLetterInput): Promise<unknown>;
  addQuarter(row: { day: string; queue: string; bucketStart: number }): Promise<unknown>;
  /** The outbox as its store fills it (../outbox.ts). */
  readonly outbox: Pick<OutboxStore, 'add' | 'finish' | 'settle'>;
  prune(now: number, policy: RetentionPolicy, keepFrom?: number): Promise<PruneCounts>;
  remaining(): Promise<Remaining>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 2, 20, 12);
const ago = (days: number) => NOW - days * DAY;

/**
 * One retention policy, both backends (SQLite's storage/retention.ts, PostgreSQL's
 * storage/postgres/retention.ts): the same rows in, the same rows pruned and kept.
 */
export function describeRetentionContract(name: string, backend: StoreBackend<RetentionSubject>): void {
  describe(`retention contract (${name})`, () => {
    it('prunes each table by its own age and keeps the newer rows', async () => {
      const { store: s, close } = await freshStore(backend);
      // Entries 0.5, 2, 4, 7.9, 8.1 and 40 days old, each with a raw payload and a dedupe key.
      const ages = [0.5, 2, 4, 7.9, 8.1, 40];
      for (const [i, age] of ages.entries())
        await s.append({
          source: 'pbx',
          kind: 'portsip-webhook',
          receivedAt: ago(age),
          events: [answered(i)],
          raw: { contentType: 'text/plain', body: String(i) },
          dedupeKey: `k${i}`,
        });
      for (const [i, age] of [1, 29, 31].entries())
        await s.addDeadLetter({ ...deadLetter(i), receivedAt: ago(age) });
      for (const age of [1, 7, 9])
        await s.addQuarter({ day: `d${age}`, queue: '8000', bucketStart: ago(age) });
      // Finished 9 and 7 days ago, and one still pending from 30 days ago (never pruned, nor its outcome).
      await s.outbox.add([notice('done9', 'alert.raised', ago(9)), notice('done7', 'alert.raised', ago(10))]);
      await s.outbox.add([notice('pending', 'alert.raised', ago(30))]);
      await s.outbox.finish('done9', 'alert.raised', ago(9));
      await s.outbox.finish('done7', 'alert.raised', ago(7));
      await s.outbox.settle('done9', 'alert.raised', 'ch', 'delivered', ago(9));
      await s.outbox.settle('done7', 'alert.raised', 'ch', 'delivered', ago(7.5));
      await s.outbox.settle('pending', 'alert.raised', 'ch', 'given up', ago(30));

      expect(await s.prune(NOW, DEFAULT_RETENTION)).toEqual({
        rawPayloads: 4, // older than 3 days: 4, 7.9, 8.1, 40
        journal: 2, // older than 8 days: 8.1, 40
        dedupeKeys: 4, // older than 72 h: 4, 7.9, 8.1, 40
        deadLetters: 1, // older than 30 days: 31
        quarterFigures: 1, // older than 8 days: 9
        outbox: 1, // finished more than 8 days ago: done9
        outboxOutcomes: 1, // older than 8 days, not a pending notification's: done9's
      });
      expect(await s.remaining()).toEqual({
        journal: [ago(7.9), ago(4), ago(2), ago(0.5)],
        rawPayloads: [ago(2), ago(0.5)],
        dedupeKeys: [ago(2), ago(0.5)],
        deadLetters: [ago(29), ago(1)],
        quarterFigures: [ago(7), ago(1)],
        outbox: [ago(30), ago(10)],
        outboxOutcomes: [ago(30), ago(7.5)],
      });
      // A forgotten key is a new entry again; a remembered one still a duplicate.
      const again = (key: string) =>
        s.append({ source: 'pbx', kind: '3cx', receivedAt: NOW, events: [], dedupeKey: key });
      expect(await again('k2')).toEqual({ duplicate: false });
      expect(await again('k1')).toEqual({ duplicate: true });
      // Nothing left to prune: a second run deletes nothing.
      expect(Object.values(await s.prune(NOW, DEFAULT_RETENTION))).toEqual([0, 0, 0, 0, 0, 0, 0]);
      await close();
    });

    it('keeps journal rows received from keepFrom on, whatever the policy (a 25-hour day, one day kept)', async () => {
      const { store: s, close } = await freshStore(backend);
      for (const [i, hours] of [26, 24.5, 23].entries())
        await s.append({
          source: 'pbx',
          kind: 'portsip-wsi',
          receivedAt: NOW - hours * HOUR,
          events: [answered(i)],
        });
      const policy = { ...DEFAULT_RETENTION, journalDays: 1 };
      expect((await s.prune(NOW, policy, NOW - 25 * HOUR)).journal).toBe(1);
      expect((await s.remaining()).journal).toEqual([NOW - 24.5 * HOUR, NOW - 23 * HOUR]);
      // Without the floor the policy alone decides.
      expect((await s.prune(NOW, policy)).journal).toBe(1);
      expect((await s.remaining()).journal).toEqual([NOW - 23 * HOUR]);
      await close();
    });

    it('refuses a policy that forgets dedupe keys before 72 hours, or is not positive, and deletes nothing', async () => {
      const { store: s, close } = await freshStore(backend);
      await s.append({
        source: 'pbx',
        kind: 'portsip-wsi',
        receivedAt: ago(40),
        events: [],
        dedupeKey: 'old',
      });
      await expect(s.prune(NOW, { ...DEFAULT_RETENTION, dedupeHours: 71 })).rejects.toThrow(/at least 72/);
      await expect(s.prune(NOW, { ...DEFAULT_RETENTION, journalDays: 0 })).rejects.toThrow(/journalDays/);
      await expect(s.prune(Number.NaN, DEFAULT_RETENTION)).rejects.toThrow(/now/);
      expect(await s.remaining()).toMatchObject({ journal: [ago(40)], dedupeKeys: [ago(40)] });
      await close();
    });
  });
}
