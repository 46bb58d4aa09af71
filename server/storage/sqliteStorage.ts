import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import { migrate } from './migrations';
import {
  type AppendResult,
  type BoardStore,
  type DeadLetter,
  type DeadLetters,
  type FigureHistory,
  type Journal,
  type JournalEntry,
  type RetentionPolicy,
  StorageUnavailableError,
} from './types';

/**
 * The embedded database: one SQLite file under DATA_DIR in WAL mode. `synchronous=full` makes every
 * commit survive a power cut; `normal` makes it survive a process crash (SIGKILL) but maybe not a
 * power cut, and is faster. Writes are group-committed: appends of one tick share one transaction,
 * and no append resolves before its transaction committed.
 */
export interface StorageOptions {
  readonly dataDir: string;
  readonly synchronous?: 'full' | 'normal';
  readonly logger?: Logger;
  /** A group commit starts early when this many entries wait. */
  readonly maxBatch?: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  journalDays: 8,
  rawDays: 3,
  dedupeHours: 72,
  deadLetterDays: 30,
};

const DAY = 86_400_000;
const PRUNE_CHUNK = 10_000;

interface Pending {
  readonly entry: JournalEntry;
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

export function openStorage(o: StorageOptions) {
  if (!existsSync(o.dataDir)) mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const path = join(o.dataDir, 'callboard.db');
  const db = new Database(path);
  chmodSync(path, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${o.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const q = {
    dedupe: db.prepare('INSERT OR IGNORE INTO dedupe_keys (key, seen_at) VALUES (?, ?)'),
    journal: db.prepare('INSERT INTO journal (received_at, source, kind, events) VALUES (?, ?, ?, ?)'),
    raw: db.prepare(
      'INSERT INTO raw_payloads (journal_id, received_at, content_type, body) VALUES (?, ?, ?, ?)',
    ),
    since: db.prepare('SELECT events FROM journal WHERE received_at >= ? ORDER BY id'),
    addLetter: db.prepare(
      `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
       VALUES (@source, @kind, @receivedAt, @status, @reason, @method, @url, @headers, @contentType, @body)`,
    ),
    getLetter: db.prepare('SELECT * FROM dead_letters WHERE id = ?'),
    markLetter: db.prepare('UPDATE dead_letters SET replayed_at = ?, replay_result = ? WHERE id = ?'),
    saveFigures: db.prepare(
      `INSERT INTO quarter_figures (day, queue, bucket_start, figures) VALUES (?, ?, ?, ?)
       ON CONFLICT (day, queue, bucket_start) DO UPDATE SET figures = excluded.figures`,
    ),
    figuresOf: db.prepare(
      'SELECT day, queue, bucket_start, figures FROM quarter_figures WHERE day = ? ORDER BY queue, bucket_start',
    ),
    boardList: db.prepare('SELECT id, config FROM boards ORDER BY id'),
    boardGet: db.prepare('SELECT id, config FROM boards WHERE id = ?'),
    boardPut: db.prepare(
      `INSERT INTO boards (id, config, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
    ),
    boardDelete: db.prepare('DELETE FROM boards WHERE id = ?'),
  };

  let pending: Pending[] = [];
  let scheduled = false;
  let closed = false;
  let commits = 0;
  const maxBatch = o.maxBatch ?? 500;

  const writeBatch = db.transaction((batch: readonly Pending[]): AppendResult[] =>
    batch.map(({ entry }) => {
      if (entry.dedupeKey !== undefined && q.dedupe.run(entry.dedupeKey, entry.receivedAt).changes === 0) {
        return { duplicate: true };
      }
      const row = q.journal.run(entry.receivedAt, entry.source, entry.kind, JSON.stringify(entry.events));
      if (entry.raw) q.raw.run(row.lastInsertRowid, entry.receivedAt, entry.raw.contentType, entry.raw.body);
      return { duplicate: false };
    }),
  );

  function commit(): void {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let results: AppendResult[];
    try {
      if (closed) throw new Error('the database is closed');
      results = writeBatch(batch);
      commits += 1;
    } catch (err) {
      o.logger?.error({ err, entries: batch.length }, 'journal commit failed');
      const failure = new StorageUnavailableError(`journal unavailable: ${(err as Error).message}`, {
        cause: err,
      });
      for (const p of batch) p.reject(failure);
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i] as AppendResult));
  }

  const journal: Journal = {
    append(entry) {
      return new Promise<AppendResult>((resolve, reject) => {
        if (closed) {
          reject(new StorageUnavailableError('journal unavailable: the database is closed'));
          return;
        }
        pending.push({ entry, resolve, reject });
        if (pending.length >= maxBatch) commit();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(commit);
        }
      });
    },
    *eventsReceivedSince(fromMs) {
      for (const row of q.since.iterate(fromMs) as Iterable<{ events: string }>) {
        yield* JSON.parse(row.events) as DomainEvent[];
      }
    },
  };

  const deadLetters: DeadLetters = {
    add(letter) {
      return Number(q.addLetter.run({ ...letter, headers: JSON.stringify(letter.headers) }).lastInsertRowid);
    },
    list(options = {}) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (options.beforeId !== undefined) {
        where.push('id < ?');
        args.push(options.beforeId);
      }
      if (options.source !== undefined) {
        where.push('source = ?');
        args.push(options.source);
      }
      const sql = `SELECT * FROM dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      args.push(Math.min(Math.max(options.limit ?? 50, 1), 500));
      return (db.prepare(sql).all(...args) as LetterRow[]).map(letterOf);
    },
    get(id) {
      const row = q.getLetter.get(id) as LetterRow | undefined;
      return row ? letterOf(row) : undefined;
    },
    markReplayed(id, at, result) {
      q.markLetter.run(at, result, id);
    },
  };

  const figures: FigureHistory = {
    save: db.transaction((rows) => {
      for (const r of rows) q.saveFigures.run(r.day, r.queue, r.bucketStart, JSON.stringify(r.figures));
    }),
    forDay(day) {
      return (
        q.figuresOf.all(day) as { day: string; queue: string; bucket_start: number; figures: string }[]
      ).map((r) => ({
        day: r.day,
        queue: r.queue,
        bucketStart: r.bucket_start,
        figures: JSON.parse(r.figures),
      }));
    },
  };

  const boards: BoardStore = {
    list: () =>
      (q.boardList.all() as { id: string; config: string }[]).map((r) => ({
        id: r.id,
        config: JSON.parse(r.config),
      })),
    get(id) {
      const r = q.boardGet.get(id) as { id: string; config: string } | undefined;
      return r ? { id: r.id, config: JSON.parse(r.config) } : undefined;
    },
    put(id, config) {
      q.boardPut.run(id, JSON.stringify(config), Date.now());
    },
    delete: (id) => q.boardDelete.run(id).changes > 0,
  };

  /** Delete in chunks so a large prune never holds the event loop (or the write lock) for long. */
  function pruneTable(sql: string, before: number): number {
    const stmt = db.prepare(sql);
    let total = 0;
    for (;;) {
      const n = stmt.run(before, PRUNE_CHUNK).changes;
      total += n;
      if (n < PRUNE_CHUNK) return total;
    }
  }

  return {
    path,
    journal,
    deadLetters,
    figures,
    boards,
    stats: () => ({ commits, pending: pending.length }),
    prune(now: number, policy: RetentionPolicy): Record<string, number> {
      if (policy.dedupeHours < 72) throw new RangeError('dedupe keys must be kept at least 72 hours');
      const removed = {
        raw: pruneTable(
          'DELETE FROM raw_payloads WHERE rowid IN (SELECT rowid FROM raw_payloads WHERE received_at < ? LIMIT ?)',
          now - policy.rawDays * DAY,
        ),
        journal: pruneTable(
          'DELETE FROM journal WHERE id IN (SELECT id FROM journal WHERE received_at < ? LIMIT ?)',
          now - policy.journalDays * DAY,
        ),
        dedupeKeys: pruneTable(
          'DELETE FROM dedupe_keys WHERE key IN (SELECT key FROM dedupe_keys WHERE seen_at < ? LIMIT ?)',
          now - policy.dedupeHours * 3600_000,
        ),
        deadLetters: pruneTable(
          'DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE received_at < ? LIMIT ?)',
          now - policy.deadLetterDays * DAY,
        ),
        figures: pruneTable(
          'DELETE FROM quarter_figures WHERE rowid IN (SELECT rowid FROM quarter_figures WHERE bucket_start < ? LIMIT ?)',
          now - policy.journalDays * DAY,
        ),
      };
      db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    },
    async close(): Promise<void> {
      if (closed) return;
      commit();
      closed = true;
      db.close();
    },
  };
}

export type Storage = ReturnType<typeof openStorage>;

interface LetterRow {
  id: number;
  source: string;
  kind: string;
  received_at: number;
  status: number;
  reason: string;
  method: string;
  url: string;
  headers: string;
  content_type: string;
  body: string;
  replayed_at: number | null;
  replay_result: string | null;
}

function letterOf(r: LetterRow): DeadLetter {
  return {
    id: r.id,
    source: r.source,
    kind: r.kind as DeadLetter['kind'],
    receivedAt: r.received_at,
    status: r.status,
    reason: r.reason,
    method: r.method,
    url: r.url,
    headers: JSON.parse(r.headers),
    contentType: r.content_type,
    body: r.body,
    replayedAt: r.replayed_at,
    replayResult: r.replay_result,
  };
}
