import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeRetentionContract } from './contracts/retentionContract';
import { DEFAULT_RETENTION, openStorage } from './index';
import { answered } from './testing/events';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

describeRetentionContract('SQLite', {
  newPlace: async () => tempDir(),
  async open(dataDir) {
    const storage = openStorage({ dataDir, journalWriter: 'inline' });
    const times = (sql: string) => {
      const db = new Database(storage.path, { readonly: true });
      try {
        return db.prepare(sql).pluck().all() as number[];
      } finally {
        db.close();
      }
    };
    return {
      store: {
        append: (entry) => storage.journal.append(entry),
        addDeadLetter: (letter) => storage.deadLetters.add(letter),
        addQuarter: async (row) => storage.figures.save([{ ...row, figures: { offered: 1 } }]),
        outbox: storage.outbox,
        prune: async (now, policy, keepFrom) => storage.prune(now, policy, keepFrom),
        remaining: async () => ({
          journal: times('SELECT received_at FROM journal ORDER BY 1'),
          rawPayloads: times('SELECT received_at FROM raw_payloads ORDER BY 1'),
          dedupeKeys: times('SELECT seen_at FROM dedupe_keys ORDER BY 1'),
          deadLetters: times('SELECT received_at FROM dead_letters ORDER BY 1'),
          quarterFigures: times('SELECT bucket_start FROM quarter_figures ORDER BY 1'),
          outbox: times('SELECT created_at FROM notification_outbox ORDER BY 1'),
          outboxOutcomes: times('SELECT at FROM notification_deliveries ORDER BY 1'),
        }),
      },
      close: () => storage.close(),
    };
  },
});
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 2, 20, 12);

function count(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('retention', () => {
  it('deletes by age per table and keeps newer rows', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    // Entries at 0.5, 2, 4, 7.9, 8.1 and 40 days old, each with a raw payload and a dedupe key.
    const agesDays = [0.5, 2, 4, 7.9, 8.1, 40];
    await Promise.all(
      agesDays.map((age, i) =>
        storage.journal.append({
          source: 'pbx',
          kind: 'portsip-webhook',
          receivedAt: NOW - age * DAY,
          events: [answered(i)],
          raw: { contentType: 'text/plain', body: String(i) },
          dedupeKey: `k${i}`,
        }),
      ),
    );
    for (const [i, age] of [1, 29, 31].entries()) {
      await storage.deadLetters.add({
        source: 'pbx',
        kind: '3cx',
        receivedAt: NOW - age * DAY,
        status: 400,
        reason: `bad ${i}`,
        method: 'POST',
        url: '/x',
        headers: {},
        contentType: 'text/plain',
        body: '',
      });
    }
    storage.figures.save(
      [1, 7, 9].map((age) => ({
        day: `d${age}`,
        queue: '8000',
        bucketStart: NOW - age * DAY,
        figures: { offered: age },
      })),
    );

    const removed = storage.prune(NOW, DEFAULT_RETENTION);
    expect(removed).toEqual({
      rawPayloads: 4, // older than 3 days: 4, 7.9, 8.1, 40
      journal: 2, // older than 8 days: 8.1, 40
      dedupeKeys: 4, // older than 72 h: 4, 7.9, 8.1, 40
      deadLetters: 1, // older than 30 days
      quarterFigures: 1, // older than 8 days
      outbox: 0,
      outboxOutcomes: 0,
    });
    const since = [...storage.journal.eventsReceivedSince(0)].map((e) => e.at);
    expect(since).toEqual([0, 1, 2, 3].map((i) => answered(i).at));
    expect(count(storage.path, 'raw_payloads')).toBe(2);
    expect(count(storage.path, 'dedupe_keys')).toBe(2);
    expect((await storage.deadLetters.list()).map((l) => l.reason)).toEqual(['bad 1', 'bad 0']);
    expect(storage.figures.forDay('d9')).toEqual([]);
    expect(storage.figures.forDay('d7')).toHaveLength(1);

    // A forgotten key is a new entry again; a remembered one still a duplicate.
    await expect(
      storage.journal.append({ source: 'pbx', kind: '3cx', receivedAt: NOW, events: [], dedupeKey: 'k2' }),
    ).resolves.toEqual({ duplicate: false });
    await expect(
      storage.journal.append({ source: 'pbx', kind: '3cx', receivedAt: NOW, events: [], dedupeKey: 'k1' }),
    ).resolves.toEqual({ duplicate: true });

    expect(storage.prune(NOW, DEFAULT_RETENTION)).toEqual({
      rawPayloads: 0,
      journal: 0,
      dedupeKeys: 0,
      deadLetters: 0,
      quarterFigures: 0,
      outbox: 0,
      outboxOutcomes: 0,
    });
    await storage.close();
  });

  it('deletes large backlogs in batches until none is left', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const n = 25_000;
    for (let from = 0; from < n; from += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          storage.journal.append({
            source: 'pbx',
            kind: 'portsip-wsi',
            receivedAt: NOW - 10 * DAY + from + j,
            events: [],
          }),
        ),
      );
    }
    await storage.journal.append({ source: 'pbx', kind: 'portsip-wsi', receivedAt: NOW, events: [] });
    expect(storage.prune(NOW, DEFAULT_RETENTION).journal).toBe(n);
    expect(count(storage.path, 'journal')).toBe(1);
    await storage.close();
  });

  it('refuses a policy that forgets dedupe keys before 72 hours, or is not positive', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    expect(() => storage.prune(NOW, { ...DEFAULT_RETENTION, dedupeHours: 71 })).toThrow(/at least 72/);
    expect(() => storage.prune(NOW, { ...DEFAULT_RETENTION, journalDays: 0 })).toThrow(/journalDays/);
    expect(() => storage.prune(NOW, { ...DEFAULT_RETENTION, rawDays: Number.NaN })).toThrow(/rawDays/);
    expect(() => storage.prune(Number.NaN, DEFAULT_RETENTION)).toThrow(/now/);
    await storage.close();
  });
});
