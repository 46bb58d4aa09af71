import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { SynchronousMode } from './database';
import {
  createJournalReader,
  DUPLICATE,
  type JournalStats,
  type PreparedEntry,
  prepareEntry,
  type SqliteJournal,
  STORED,
} from './journal';
import type { FromThread, ThreadOptions, ToThread } from './journalThread';
import { type AppendResult, StorageUnavailableError } from './types';

/**
 * The journal, writing on its own thread (journalThread.ts) and reading on the main connection.
 *
 * Same contract as the in-thread journal: appends of one tick travel as one message and share one
 * commit; no promise resolves before the thread reports its entry committed and synced, so a
 * webhook's 2xx still means "on disk". What moves off the main thread is the work: the inserts, the
 * dedupe index, the WAL writes and the sync (about a third of a webhook's cost, docs/benchmarks.md).
 *
 * If the thread dies, every append in flight is rejected with StorageUnavailableError (its senders
 * get a 503 and retry; their commits either happened, and the retry is a duplicate, or did not) and
 * the next append starts a new thread.
 */
export function createJournalWriter(o: {
  readonly db: Database.Database;
  readonly synchronous: SynchronousMode;
  readonly maxBatch: number;
  readonly minFreeBytes: number;
  readonly logger?: Logger | undefined;
}): { journal: SqliteJournal; probe(at: number): Promise<void>; close(): Promise<void> } {
  const reader = createJournalReader(o.db);
  const waiting = new Map<number, { resolve(r: AppendResult): void; reject(e: unknown): void }>();
  let queue: { id: number; prepared: PreparedEntry }[] = [];
  let timer: NodeJS.Immediate | null = null;
  let nextId = 0;
  let worker: Worker | null = null;
  let closed = false;
  let stats: JournalStats = {
    commits: 0,
    entries: 0,
    duplicates: 0,
    failedCommits: 0,
    largestBatch: 0,
    pending: 0,
  };
  let onClosed: (() => void) | null = null;

  function start(): Worker {
    const options: ThreadOptions = {
      path: o.db.name,
      synchronous: o.synchronous,
      maxBatch: o.maxBatch,
      minFreeBytes: o.minFreeBytes,
    };
    const w = new Worker(new URL('./journalThread.mjs', import.meta.url), { workerData: options });
    w.on('message', (message: FromThread) => {
      stats = message.stats;
      if (message.t === 'closed') {
        onClosed?.();
        return;
      }
      for (const result of message.results) {
        const p = waiting.get(result.id);
        if (!p) continue;
        waiting.delete(result.id);
        if ('error' in result) p.reject(new StorageUnavailableError(result.error));
        else p.resolve(result.duplicate ? DUPLICATE : STORED);
      }
    });
    w.on('error', (err) => {
      o.logger?.error({ err }, 'journal writer thread failed');
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      const stopped = new StorageUnavailableError(`journal writer stopped (exit code ${code})`);
      for (const p of waiting.values()) p.reject(stopped);
      waiting.clear();
      onClosed?.();
    });
    return w;
  }

  function send(): void {
    if (timer) clearImmediate(timer);
    timer = null;
    const items = queue;
    queue = [];
    if (items.length === 0) return;
    worker ??= start();
    worker.postMessage({ t: 'append', items } satisfies ToThread);
  }

  const journal: SqliteJournal = {
    append(entry) {
      if (closed) return Promise.reject(new StorageUnavailableError('journal is closed'));
      let prepared: PreparedEntry;
      try {
        prepared = prepareEntry(entry);
      } catch (err) {
        return Promise.reject(err);
      }
      const id = nextId++;
      return new Promise<AppendResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        queue.push({ id, prepared });
        if (queue.length >= o.maxBatch) send();
        else timer ??= setImmediate(send);
      });
    },
    eventsReceivedSince: reader.eventsReceivedSince,
    stats: () => ({ ...stats, pending: waiting.size }),
  };

  return {
    journal,
    /** The thread's probe write (health.ts); rejects with StorageUnavailableError when it fails. */
    probe(at) {
      if (closed) return Promise.reject(new StorageUnavailableError('journal is closed'));
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve: () => resolve(), reject });
        worker ??= start();
        worker.postMessage({ t: 'probe', id, at } satisfies ToThread);
      });
    },
    /** Sends what waits, lets the thread commit it, then stops the thread. Appends after this are refused. */
    close() {
      closed = true;
      send();
      const w = worker;
      if (!w) return Promise.resolve();
      return new Promise<void>((resolve) => {
        onClosed = resolve;
        w.postMessage({ t: 'close' } satisfies ToThread);
      });
    },
  };
}
