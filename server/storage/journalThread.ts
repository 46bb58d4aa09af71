import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase, type SynchronousMode } from './database';
import { createJournal, type JournalStats, type PreparedEntry } from './journal';

/**
 * The journal writer thread (started by journalWriter.ts). It owns the journal's writing connection:
 * the group commit, the dedupe check and the sync run here, so the inserts, the WAL writes and the
 * waits for the disk never hold up the main thread's HTTP and socket work. It is the journal's one
 * writer, so "a key already stored is a duplicate" stays exact.
 */
export interface ThreadOptions {
  /** The database file, created and migrated by the main thread's connection (still open). */
  readonly path: string;
  readonly synchronous: SynchronousMode;
  readonly maxBatch: number;
  readonly minFreeBytes: number;
}

export type ToThread =
  | {
      readonly t: 'append';
      readonly items: readonly { readonly id: number; readonly prepared: PreparedEntry }[];
    }
  | { readonly t: 'probe'; readonly id: number; readonly at: number }
  | { readonly t: 'close' };

export type ThreadResult =
  | { readonly id: number; readonly duplicate: boolean }
  | { readonly id: number; readonly error: string };

export type FromThread =
  | { readonly t: 'results'; readonly results: readonly ThreadResult[]; readonly stats: JournalStats }
  | { readonly t: 'closed'; readonly stats: JournalStats };

if (!parentPort) throw new Error('journalThread.ts runs as a worker thread');
const port = parentPort;
const options = workerData as ThreadOptions;
// The main thread created and migrated the database before starting this thread, and its connection
// stays open: this one must not touch the file outside SQLite (connectDatabase explains why).
const db = connectDatabase(options.path, options.synchronous);
const { journal, appendPrepared, probe, flushAndClose } = createJournal({
  db,
  maxBatch: options.maxBatch,
  minFreeBytes: options.minFreeBytes,
});

// Results of one tick go back in one message, as the appends of one tick went into one commit.
let results: ThreadResult[] = [];
let replyTimer: NodeJS.Immediate | null = null;
let outstanding = 0;
let closing = false;

function reply(): void {
  if (replyTimer) clearImmediate(replyTimer);
  replyTimer = null;
  const batch = results;
  results = [];
  if (batch.length > 0)
    port.postMessage({ t: 'results', results: batch, stats: journal.stats() } satisfies FromThread);
  if (closing && outstanding === 0) {
    port.postMessage({ t: 'closed', stats: journal.stats() } satisfies FromThread);
    port.close();
  }
}

function settle(result: ThreadResult): void {
  outstanding -= 1;
  results.push(result);
  replyTimer ??= setImmediate(reply);
}

port.on('message', (message: ToThread) => {
  if (message.t === 'close') {
    // Commits what waits; a sync already under way settles its appends a little later, and
    // "closed" goes out only after every result has.
    closing = true;
    flushAndClose();
    db.close();
    replyTimer ??= setImmediate(reply);
    return;
  }
  if (message.t === 'probe') {
    outstanding += 1;
    probe(message.at).then(
      () => settle({ id: message.id, duplicate: false }),
      (err: unknown) => settle({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
    );
    return;
  }
  for (const { id, prepared } of message.items) {
    outstanding += 1;
    appendPrepared(prepared).then(
      ({ duplicate }) => settle({ id, duplicate }),
      (err: unknown) => settle({ id, error: err instanceof Error ? err.message : String(err) }),
    );
  }
});
