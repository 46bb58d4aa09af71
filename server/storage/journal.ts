import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import { spaceCheck } from './diskSpace';
import { journalConnection } from './journalSync';
import { type AppendResult, type Journal, type JournalEntry, StorageUnavailableError } from './types';

/** Counters for health pages and tests: how group commit is behaving. */
export interface JournalStats {
  /** Transactions committed (each holds one or more entries). */
  readonly commits: number;
  /** Entries stored (duplicates excluded). */
  readonly entries: number;
  readonly duplicates: number;
  /** Transactions that failed; every entry in them was rejected. */
  readonly failedCommits: number;
  /** The most entries one transaction has held. */
  readonly largestBatch: number;
  /** Entries waiting for the next commit right now. */
  readonly pending: number;
}

export interface SqliteJournal extends Journal {
  stats(): JournalStats;
}

/**
 * An entry checked and serialized up front (`prepareEntry`), so a bad entry fails alone; the journal
 * writer thread receives entries in this form.
 */
export interface PreparedEntry {
  readonly entry: Omit<JournalEntry, 'events'>;
  /** `JSON.stringify(entry.events)`. */
  readonly events: string;
}

interface Pending extends PreparedEntry {
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/** The two possible results, shared by every append (and by the writer thread's replies). */
export const DUPLICATE: AppendResult = Object.freeze({ duplicate: true });
export const STORED: AppendResult = Object.freeze({ duplicate: false });

/** The dedupe row the health probe rewrites (see `probe`). */
const PROBE_KEY = '\u0000storage-probe';

/** Rows read per page on replay: big enough that the per-query cost vanishes, small enough to hold. */
const REPLAY_PAGE = 2000;

/**
 * The journal with group commit. Appends of one tick (everything queued before the next
 * `setImmediate`) go into ONE transaction: one fsync for a burst of webhooks instead of one each.
 * A burst of `maxBatch` entries commits at once, without waiting for the tick to end, so a flood
 * cannot build an unbounded queue or one huge transaction.
 *
 * No promise settles before its transaction has committed (or failed) and, with synchronous=full,
 * before the commit is synced to disk (journalSync.ts: off the event loop): a webhook's 2xx means the
 * entry is on disk.
 */
export function createJournal(o: {
  db: Database.Database;
  maxBatch: number;
  /** Refuse commits while the database's disk has less free than this (0: never). */
  minFreeBytes?: number;
  logger?: Logger | undefined;
}) {
  const { logger } = o;
  const connection = journalConnection(o.db);
  const { db } = connection;
  const checkSpace = spaceCheck(db, o.minFreeBytes ?? 0);
  const insertKey = db.prepare('INSERT OR IGNORE INTO dedupe_keys (key, seen_at) VALUES (?, ?)');
  const insertEntry = db.prepare(
    'INSERT INTO journal (received_at, source, kind, events) VALUES (?, ?, ?, ?)',
  );
  const insertRaw = db.prepare(
    'INSERT INTO raw_payloads (journal_id, received_at, content_type, body) VALUES (?, ?, ?, ?)',
  );
  const touchProbe = db.prepare(
    'INSERT INTO dedupe_keys (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at',
  );
  const reader = createJournalReader(db);

  let queue: Pending[] = [];
  let timer: NodeJS.Immediate | null = null;
  let closed = false;
  let commits = 0;
  let entries = 0;
  let duplicates = 0;
  let failedCommits = 0;
  let largestBatch = 0;

  /** Dedupe and insert a batch; returns one result per entry. Runs inside one transaction. */
  const writeBatch = db.transaction((batch: readonly Pending[]): AppendResult[] => {
    const results: AppendResult[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const { entry, events } = batch[i] as Pending;
      // The key row is part of this transaction: if the commit fails, the key is not remembered
      // either, and the sender's retry is stored rather than wrongly called a duplicate.
      if (entry.dedupeKey !== undefined && insertKey.run(entry.dedupeKey, entry.receivedAt).changes === 0) {
        results[i] = DUPLICATE;
        continue;
      }
      const id = insertEntry.run(entry.receivedAt, entry.source, entry.kind, events).lastInsertRowid;
      if (entry.raw) insertRaw.run(id, entry.receivedAt, entry.raw.contentType, entry.raw.body);
      results[i] = STORED;
    }
    return results;
  });

  function flush(): void {
    if (timer) {
      clearImmediate(timer);
      timer = null;
    }
    const batch = queue;
    if (batch.length === 0) return;
    queue = [];
    let results: AppendResult[];
    try {
      checkSpace();
      results = writeBatch(batch);
    } catch (err) {
      // Disk full, read-only file, I/O error, closed database: nothing of this batch is stored
      // (the transaction rolled back), so every caller hears so and can answer 503.
      failedCommits += 1;
      logger?.error({ err, entries: batch.length }, 'journal commit failed');
      const failure = new StorageUnavailableError(`journal write failed: ${messageOf(err)}`, { cause: err });
      for (const p of batch) p.reject(failure);
      return;
    }
    commits += 1;
    if (batch.length > largestBatch) largestBatch = batch.length;
    const settle = (syncError: Error | null) => {
      if (syncError) {
        // Committed but maybe not on disk: the senders must not be told it is safe.
        failedCommits += 1;
        logger?.error({ err: syncError, entries: batch.length }, 'journal sync failed');
        const failure = new StorageUnavailableError(`journal sync failed: ${messageOf(syncError)}`, {
          cause: syncError,
        });
        for (const p of batch) p.reject(failure);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const result = results[i] as AppendResult;
        if (result.duplicate) duplicates += 1;
        else entries += 1;
        (batch[i] as Pending).resolve(result);
      }
    };
    if (connection.afterSync) connection.afterSync(settle);
    else settle(null);
  }

  function appendPrepared({ entry, events }: PreparedEntry): Promise<AppendResult> {
    if (closed) return Promise.reject(new StorageUnavailableError('journal is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      queue.push({ entry, events, resolve, reject });
      if (queue.length >= o.maxBatch) flush();
      else timer ??= setImmediate(flush);
    });
  }

  /**
   * One tiny write through this connection and its sync, as a commit of webhooks would go (health.ts
   * asks while writes fail, to find out when they work again). It rewrites one dedupe row no webhook
   * key can name (keys never start with NUL), stamped `at`; retention removes it like any old key.
   */
  function probe(at: number): Promise<void> {
    if (closed) return Promise.reject(new StorageUnavailableError('journal is closed'));
    try {
      checkSpace();
      touchProbe.run(PROBE_KEY, at);
    } catch (err) {
      return Promise.reject(
        new StorageUnavailableError(`journal write failed: ${messageOf(err)}`, { cause: err }),
      );
    }
    const { afterSync } = connection;
    if (!afterSync) return Promise.resolve();
    return new Promise((resolve, reject) =>
      afterSync((err) =>
        err ? reject(new StorageUnavailableError(`journal sync failed: ${messageOf(err)}`)) : resolve(),
      ),
    );
  }

  const journal: SqliteJournal = {
    append(entry) {
      let prepared: PreparedEntry;
      try {
        prepared = prepareEntry(entry);
      } catch (err) {
        return Promise.reject(err);
      }
      return appendPrepared(prepared);
    },

    eventsReceivedSince: reader.eventsReceivedSince,

    stats: () => ({
      commits,
      entries,
      duplicates,
      failedCommits,
      largestBatch,
      pending: queue.length,
    }),
  };
  return {
    journal,
    appendPrepared,
    probe,
    /** For Storage.close: commit whatever waits, then refuse further appends. */
    flushAndClose(): void {
      flush();
      closed = true;
      connection.close();
    },
  };
}

/** Replay reads: on any connection to the database (the writer may be another thread). */
export function createJournalReader(db: Database.Database): Pick<Journal, 'eventsReceivedSince'> {
  // Replay walks the rowid (arrival order) from the first row in range, found in the received_at
  // index. INDEXED BY: left alone, SQLite answers min(id) by walking the table from its first row
  // until one matches, reading every older day of the journal (7 days of rows) to find today's first.
  // In the page query the `+` keeps SQLite from using that index instead, which would sort the whole
  // day in a temp b-tree; received_at is still checked per row because a late-stamped row can sit
  // among later ids.
  const firstIdSince = db
    .prepare('SELECT min(id) FROM journal INDEXED BY journal_received_at WHERE received_at >= ?')
    .pluck();
  const page = db
    .prepare('SELECT id, events FROM journal WHERE id >= ? AND +received_at >= ? ORDER BY id LIMIT ?')
    .raw();

  return {
    /**
     * Read page by page rather than holding one open cursor (`stmt.iterate()`): while a cursor is
     * open, better-sqlite3 refuses every other statement on the connection, so a consumer that
     * paused mid-iteration would make the next group commit fail. Each page is one short read.
     */
    *eventsReceivedSince(fromMs: number, afterId = 0): Iterable<DomainEvent> {
      const first = firstIdSince.get(fromMs) as number | null;
      if (first === null) return;
      // A restart from a checkpoint reads only the rows after the checkpoint's position.
      let next = Math.max(first, afterId + 1);
      for (;;) {
        const rows = page.all(next, fromMs, REPLAY_PAGE) as [number, string][];
        for (const row of rows) {
          const events = JSON.parse(row[1]) as DomainEvent[];
          for (let i = 0; i < events.length; i++) yield events[i] as DomainEvent;
        }
        if (rows.length < REPLAY_PAGE) return;
        next = (rows[rows.length - 1] as [number, string])[0] + 1;
      }
    },
  };
}

/** Check and serialize an entry; throws TypeError (or JSON.stringify's error) for a bad one. */
export function prepareEntry(entry: JournalEntry): PreparedEntry {
  checkEntry(entry);
  const { events, ...rest } = entry;
  return { entry: rest, events: JSON.stringify(events) };
}

/**
 * Shape checks the type system cannot make at run time (entries are built from network input). A
 * bad entry is rejected alone here; inside the transaction it would fail its whole batch.
 */
function checkEntry(entry: JournalEntry): void {
  if (typeof entry.source !== 'string' || typeof entry.kind !== 'string') {
    throw new TypeError('journal entry needs a source and a kind');
  }
  if (!Number.isFinite(entry.receivedAt)) throw new TypeError('journal entry needs a finite receivedAt');
  if (!Array.isArray(entry.events)) throw new TypeError('journal entry events must be an array');
  if (entry.dedupeKey !== undefined && typeof entry.dedupeKey !== 'string') {
    throw new TypeError('journal entry dedupeKey must be a string');
  }
  if (entry.raw && (typeof entry.raw.contentType !== 'string' || typeof entry.raw.body !== 'string')) {
    throw new TypeError('journal entry raw needs a contentType and a body');
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
