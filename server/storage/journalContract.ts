import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import type { JournalStats } from './journal';
import { answered } from './testing/events';
import { type AppendResult, type JournalEntry, StorageUnavailableError } from './types';

/**
 * The Journal's promises (./types.ts), as one suite any backend runs: SQLite (journal.test.ts, both
 * writers) and PostgreSQL (postgres/journal.pg.test.ts). A backend passes a factory; the suite never
 * looks inside it, only at what another connection sees.
 */
export interface ContractJournal {
  append(entry: JournalEntry): Promise<AppendResult>;
  /** Replay: sync for SQLite today, async for PostgreSQL (docs/decisions.md). */
  eventsReceivedSince(fromMs: number, afterId?: number): Iterable<DomainEvent> | AsyncIterable<DomainEvent>;
  stats(): JournalStats;
}

export interface OpenedJournal {
  readonly journal: ContractJournal;
  /** What another connection sees: row counts and the stored dedupe keys (sorted). */
  onDisk(): Promise<{ journal: number; raw: number; keys: string[] }>;
  /** Make every journal insert fail with `message`, from another connection; and undo it. */
  breakWrites(message: string): Promise<void>;
  repairWrites(): Promise<void>;
  /** Commits what is pending; appends after this (synchronously) are refused. Twice is fine. */
  close(): Promise<void>;
}

export interface JournalBackend {
  /** A new, empty place to store a journal (a data directory, a database). */
  newPlace(): Promise<string>;
  open(place: string, options?: { readonly maxBatch?: number }): Promise<OpenedJournal>;
}

const T0 = 1_773_129_600_000; // 2026-03-10 08:00 UTC

export function entry(n: number, extra: Partial<JournalEntry> = {}): JournalEntry {
  return { source: 'pbx', kind: 'portsip-webhook', receivedAt: T0 + n, events: [answered(n)], ...extra };
}

async function collect(events: Iterable<DomainEvent> | AsyncIterable<DomainEvent>): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const sessions = (events: readonly DomainEvent[]) =>
  events.map((e) => (e.type === 'callerAnswered' ? e.sessionId : e.type));

export function journalContract(name: string, backend: JournalBackend): void {
  const fresh = async (options?: { maxBatch?: number }) => backend.open(await backend.newPlace(), options);

  describe(`Journal contract: append (${name})`, () => {
    it('resolves only once another connection can see the row and its raw payload', async () => {
      const s = await fresh();
      const result = await s.journal.append(
        entry(1, { raw: { contentType: 'application/json', body: '{"a":1}' } }),
      );
      expect(result).toEqual({ duplicate: false });
      expect(await s.onDisk()).toMatchObject({ journal: 1, raw: 1 });
      await s.close();
    });

    it('writes the appends of one tick in one transaction, in the order they were made', async () => {
      const s = await fresh();
      const before = s.journal.stats().commits;
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => s.journal.append(entry(i))));
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(s.journal.stats()).toMatchObject({
        commits: before + 1,
        entries: 200,
        largestBatch: 200,
        pending: 0,
      });
      expect((await s.onDisk()).journal).toBe(200);
      // …in the order they were made.
      const replayed = sessions(await collect(s.journal.eventsReceivedSince(0)));
      expect(replayed).toEqual(Array.from({ length: 200 }, (_, i) => `s${i}`));
      await s.close();
    });

    it('splits a burst into transactions of at most maxBatch entries', async () => {
      const s = await fresh({ maxBatch: 10 });
      await Promise.all(Array.from({ length: 25 }, (_, i) => s.journal.append(entry(i))));
      expect(s.journal.stats()).toMatchObject({ commits: 3, entries: 25, largestBatch: 10, pending: 0 });
      await s.close();
    });

    it('stores a dedupe key once: a repeat in the same batch, a later one or after a restart is a duplicate', async () => {
      const place = await backend.newPlace();
      const s = await backend.open(place);
      const [a, b, c] = await Promise.all([
        s.journal.append(entry(1, { dedupeKey: 'k1' })),
        s.journal.append(entry(2, { dedupeKey: 'k1' })),
        s.journal.append(entry(3, { dedupeKey: 'k2' })),
      ]);
      expect([a, b, c]).toEqual([{ duplicate: false }, { duplicate: true }, { duplicate: false }]);
      await expect(s.journal.append(entry(4, { dedupeKey: 'k2' }))).resolves.toEqual({ duplicate: true });
      await expect(s.journal.append(entry(5))).resolves.toEqual({ duplicate: false }); // no key, no dedupe
      expect(sessions(await collect(s.journal.eventsReceivedSince(0)))).toEqual(['s1', 's3', 's5']);
      expect(s.journal.stats()).toMatchObject({ entries: 3, duplicates: 2 });
      await s.close();

      const reopened = await backend.open(place);
      await expect(reopened.journal.append(entry(6, { dedupeKey: 'k1' }))).resolves.toEqual({
        duplicate: true,
      });
      expect(await reopened.onDisk()).toMatchObject({ journal: 3, keys: ['k1', 'k2'] });
      await reopened.close();
    });

    it('rejects the whole batch with StorageUnavailableError when the transaction fails, and stores nothing', async () => {
      const s = await fresh();
      await s.journal.append(entry(0));
      await s.breakWrites('simulated disk failure');
      const settled = await Promise.allSettled([
        s.journal.append(entry(1, { dedupeKey: 'k1' })),
        s.journal.append(entry(2)),
      ]);
      for (const r of settled) {
        expect(r.status).toBe('rejected');
        const reason = (r as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(StorageUnavailableError);
        expect(String(reason.message)).toMatch(/simulated disk failure/);
      }
      expect(await s.onDisk()).toMatchObject({ journal: 1, keys: [] }); // the key rolled back too
      expect(s.journal.stats()).toMatchObject({ failedCommits: 1 });

      // Once writes work again, the sender's retry is stored, not taken for a duplicate.
      await s.repairWrites();
      await expect(s.journal.append(entry(1, { dedupeKey: 'k1' }))).resolves.toEqual({ duplicate: false });
      await s.close();
    });

    it('commits what is pending on close, then refuses appends', async () => {
      const s = await fresh();
      const pending = s.journal.append(entry(1));
      const closing = s.close();
      await expect(s.journal.append(entry(2))).rejects.toBeInstanceOf(StorageUnavailableError);
      await closing;
      await expect(pending).resolves.toEqual({ duplicate: false });
      expect((await s.onDisk()).journal).toBe(1);
      await s.close(); // twice is fine
    });

    it('rejects a malformed entry alone, without failing its batch', async () => {
      const s = await fresh();
      const bad = { ...entry(1), source: undefined } as unknown as JournalEntry;
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const unserializable = { ...entry(2), events: [circular] } as unknown as JournalEntry;
      const settled = await Promise.allSettled([
        s.journal.append(bad),
        s.journal.append(unserializable),
        s.journal.append(entry(3)),
      ]);
      expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
      expect((await s.onDisk()).journal).toBe(1);
      await s.close();
    });
  });

  describe(`Journal contract: replay (${name})`, () => {
    it('yields exactly the events received since a time, in arrival order, across a restart', async () => {
      const place = await backend.newPlace();
      const s = await backend.open(place);
      await s.journal.append({
        source: 'pbx',
        kind: 'portsip-wsi',
        receivedAt: T0 + 10,
        events: [answered(10), answered(11)],
      });
      await s.journal.append(entry(5)); // stamped earlier than the entry before it
      await s.journal.append(entry(20));
      await s.journal.append({ source: 'pbx', kind: '3cx', receivedAt: T0 + 30, events: [] });
      await s.journal.append(entry(40));
      await s.close();

      const reopened = await backend.open(place);
      const since = async (ms: number, afterId?: number) =>
        sessions(await collect(reopened.journal.eventsReceivedSince(ms, afterId)));
      expect(await since(0)).toEqual(['s10', 's11', 's5', 's20', 's40']);
      expect(await since(T0 + 10)).toEqual(['s10', 's11', 's20', 's40']);
      expect(await since(T0 + 11)).toEqual(['s20', 's40']);
      expect(await since(T0 + 40)).toEqual(['s40']);
      expect(await since(T0 + 41)).toEqual([]);
      // With a checkpoint's position: only rows after it (rows 1 and 2 are before).
      expect(await since(0, 2)).toEqual(['s20', 's40']);
      // Events come back as they went in.
      expect(await collect(reopened.journal.eventsReceivedSince(T0 + 40))).toEqual([answered(40)]);
      await reopened.close();
    });

    it('reads many pages, and a paused reader does not block the group commit', async () => {
      const s = await fresh();
      const n = 5000;
      await Promise.all(Array.from({ length: n }, (_, i) => s.journal.append(entry(i))));
      const it = iteratorOf(s.journal.eventsReceivedSince(T0 + 100));
      const first = await it.next();
      expect(first.value).toEqual(answered(100));
      // The reader is paused mid-way: a commit must still go through.
      await expect(s.journal.append(entry(n))).resolves.toEqual({ duplicate: false });
      let count = 1;
      let last: DomainEvent | undefined;
      for (let r = await it.next(); !r.done; r = await it.next()) {
        count += 1;
        last = r.value;
      }
      expect(count).toBe(n + 1 - 100);
      expect(last).toEqual(answered(n));
      await s.close();
    });
  });
}

function iteratorOf(
  events: Iterable<DomainEvent> | AsyncIterable<DomainEvent>,
): Iterator<DomainEvent> | AsyncIterator<DomainEvent> {
  return Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : events[Symbol.iterator]();
}
