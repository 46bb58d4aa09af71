import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { SynchronousMode } from './database';

/**
 * Restart checkpoints in the database (table state_checkpoints, migration 5): the reduced state,
 * already encoded by the caller as a list of parts (server/checkpoints.ts: v8.serialize of each),
 * with where it stands in the journal and what it may be used for.
 *
 * A checkpoint is one row inserted in one transaction with the pruning of older rows (the newest two
 * are kept): after a crash there is the new row or the previous ones, never half of one. In the
 * database, not in files beside it, so a backup (server/storage/backup.ts, one consistent copy of the
 * database) carries checkpoints that match its own journal, and a restore cannot pair one database's
 * journal with another's checkpoint.
 *
 * Writing a busy day's state (tens of MB, then its sync) would hold the event loop for a long
 * moment: by default it runs on a thread of its own, with its own connection.
 */

export interface CheckpointMeta {
  readonly createdAt: number;
  /** The last journal row whose events the state holds: a restart replays the rows after it. */
  readonly journalId: number;
  /** That row's received_at (null: the journal was empty), to recognise the row on start. */
  readonly journalReceivedAt: number | null;
  readonly schemaVersion: number;
  /** sha256 of lib/domain/checkpoint.ts reductionSettingsKey of the state's settings. */
  readonly settingsHash: string;
  readonly dayStart: number;
}

export interface StoredCheckpoint extends CheckpointMeta {
  readonly id: number;
  readonly bytes: number;
}

export interface CheckpointStore {
  /** The checkpoints kept, newest first, without their states. */
  list(): StoredCheckpoint[];
  /** A checkpoint's parts; throws CorruptCheckpointError when its bytes do not check out. */
  load(id: number): Uint8Array[];
  /** The newest journal row now (id 0: none): the position of a state that holds every committed entry. */
  journalPosition(): { readonly id: number; readonly receivedAt: number | null };
  /** Whether the journal still holds row `id` received at `receivedAt` (a position still means what it did). */
  hasJournalRow(id: number, receivedAt: number | null): boolean;
  /** Forget every checkpoint (settings that change the reduction). Returns how many went. */
  clear(): number;
  /** Store a checkpoint; resolves once committed (and synced, as journal commits are). */
  write(meta: CheckpointMeta, parts: readonly Uint8Array[]): Promise<void>;
  close(): Promise<void>;
}

export class CorruptCheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptCheckpointError';
  }
}

/** How many checkpoints are kept: the newest, and one to fall back on if it does not load. */
export const CHECKPOINTS_KEPT = 2;

const FRAME_FORMAT = 1;

export function settingsHash(settingsKey: string): string {
  return createHash('sha256').update(settingsKey).digest('hex');
}

/** Insert one checkpoint and drop all but the newest CHECKPOINTS_KEPT, in one transaction. */
export function insertCheckpoint(
  db: Database.Database,
  meta: CheckpointMeta,
  parts: readonly Uint8Array[],
): void {
  const blob = serialize({ format: FRAME_FORMAT, parts });
  const checksum = createHash('sha256').update(blob).digest('hex');
  db.transaction(() => {
    db.prepare(
      `INSERT INTO state_checkpoints
         (created_at, journal_id, journal_received_at, schema_version, settings_hash, day_start, checksum, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      meta.createdAt,
      meta.journalId,
      meta.journalReceivedAt,
      meta.schemaVersion,
      meta.settingsHash,
      meta.dayStart,
      checksum,
      blob,
    );
    db.prepare(
      'DELETE FROM state_checkpoints WHERE id NOT IN (SELECT id FROM state_checkpoints ORDER BY id DESC LIMIT ?)',
    ).run(CHECKPOINTS_KEPT);
  })();
}

export function createCheckpointStore(o: {
  readonly db: Database.Database;
  readonly synchronous: SynchronousMode;
  /** `thread` (default): writes on a thread of their own; `inline`: on the caller's (tests, tools). */
  readonly writer?: 'thread' | 'inline';
  readonly logger?: Logger | undefined;
}): CheckpointStore {
  const { db } = o;
  const listRows = db.prepare(
    `SELECT id, created_at AS createdAt, journal_id AS journalId, journal_received_at AS journalReceivedAt,
            schema_version AS schemaVersion,
            settings_hash AS settingsHash, day_start AS dayStart, length(state) AS bytes
     FROM state_checkpoints ORDER BY id DESC`,
  );
  const loadRow = db.prepare('SELECT checksum, state FROM state_checkpoints WHERE id = ?');
  const lastJournalRow = db.prepare(
    'SELECT id, received_at AS receivedAt FROM journal ORDER BY id DESC LIMIT 1',
  );
  const journalRow = db.prepare('SELECT received_at FROM journal WHERE id = ?').pluck();
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve(): void; reject(err: Error): void }>();
  const inFlight = new Set<Promise<void>>();

  function thread(): Worker {
    if (worker) return worker;
    const w = new Worker(new URL('./checkpointThread.mjs', import.meta.url), {
      workerData: { path: db.name, synchronous: o.synchronous },
    });
    w.on('message', (m: { id: number; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (waiting.size === 0) w.unref();
      if (m.error === undefined) p?.resolve();
      else p?.reject(new Error(m.error));
    });
    w.on('error', (err) => o.logger?.error({ err }, 'checkpoint writer thread failed'));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      for (const p of waiting.values()) p.reject(new Error(`checkpoint writer stopped (exit code ${code})`));
      waiting.clear();
    });
    // An idle thread must not keep a stopping process alive (close() ends it); a write under way does.
    w.unref();
    worker = w;
    return w;
  }

  return {
    list: () => listRows.all() as StoredCheckpoint[],
    load(id) {
      const row = loadRow.get(id) as { checksum: string; state: Buffer } | undefined;
      if (!row) throw new CorruptCheckpointError(`checkpoint ${id} is gone`);
      if (createHash('sha256').update(row.state).digest('hex') !== row.checksum)
        throw new CorruptCheckpointError(`checkpoint ${id} does not match its checksum`);
      let frame: { format?: unknown; parts?: unknown };
      try {
        frame = deserialize(row.state) as typeof frame;
      } catch (err) {
        throw new CorruptCheckpointError(`checkpoint ${id} does not decode: ${String(err)}`);
      }
      if (frame?.format !== FRAME_FORMAT || !Array.isArray(frame.parts))
        throw new CorruptCheckpointError(`checkpoint ${id} has frame format ${String(frame?.format)}`);
      return frame.parts as Uint8Array[];
    },
    journalPosition: () =>
      (lastJournalRow.get() as { id: number; receivedAt: number } | undefined) ?? { id: 0, receivedAt: null },
    hasJournalRow: (id, receivedAt) =>
      id === 0 ? receivedAt === null : (journalRow.get(id) as number | undefined) === receivedAt,
    clear: () => db.prepare('DELETE FROM state_checkpoints').run().changes,
    write(meta, parts) {
      if ((o.writer ?? 'thread') === 'inline') {
        try {
          insertCheckpoint(db, meta, parts);
          return Promise.resolve();
        } catch (err) {
          return Promise.reject(err);
        }
      }
      const id = nextId++;
      const written = new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        // Parts that own their whole buffer move to the thread without a copy.
        const transfer = parts
          .filter((p) => p.byteOffset === 0 && p.byteLength === p.buffer.byteLength)
          .map((p) => p.buffer as ArrayBuffer);
        const w = thread();
        w.ref();
        w.postMessage({ id, meta, parts }, [...new Set(transfer)]);
      });
      inFlight.add(written);
      const done = () => inFlight.delete(written);
      written.then(done, done);
      return written;
    },
    async close() {
      // A write under way finishes first (its transaction commits or rolls back whole either way).
      await Promise.allSettled([...inFlight]);
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  };
}
