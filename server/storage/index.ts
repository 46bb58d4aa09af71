import type { Logger } from 'pino';
import { type AlertStore, createAlertStore } from './alerts';
import { type AsyncHistoryStore, asyncHistoryOf } from './asyncHistory';
import { createBoardStore } from './boards';
import { type ChannelLogStore, createChannelLog } from './channelLog';
import { type CheckpointStore, createCheckpointStore } from './checkpoints';
import { type ConfigRows, createConfigRows } from './configRows';
import { openDatabase, type SynchronousMode } from './database';
import { createDeadLetters } from './deadLetters';
import { createDisplayHealthStore, type DisplayHealthStore } from './displayHealth';
import { createDisplayStore } from './displays';
import { createFigureHistory } from './figures';
import { createFloorMessageStore, type FloorMessageStore } from './floorMessages';
import { createHealthWatch, type StorageHealth } from './health';
import { createHistoryStore, type HistoryStore } from './history';
import { createJournal, type JournalStats, type SqliteJournal } from './journal';
import {
  type AsyncJournalDays,
  asyncJournalDaysOf,
  createJournalDays,
  type JournalDays,
} from './journalDays';
import { createJournalWriter } from './journalWriter';
import { createLastArrival } from './lastArrival';
import { MIGRATIONS, migrate } from './migrations';
import { createOutboxStore, type OutboxStore } from './outbox';
import { createRetention, DEFAULT_RETENTION, type PruneCounts } from './retention';
import { createSessionStore } from './sessions';
import { createSecretStore, createSettingsStore } from './settings';
import { createSourceCounts, type SourceCountReader } from './sourceCounts';
import type {
  BoardStore,
  DeadLetterCaps,
  DeadLetters,
  DisplayStore,
  FigureHistory,
  RetentionPolicy,
  SecretStore,
  SessionStore,
  SettingsStore,
  UserStore,
} from './types';
import { createUserStore } from './users';

export type { AlertQuery, AlertStore } from './alerts';
export type { ChannelLogStore } from './channelLog';
export type { CheckpointStore, StoredCheckpoint } from './checkpoints';
export type { CappedInsert, ConfigRow, ConfigRows } from './configRows';
export type { SynchronousMode } from './database';
export type { DisplayHealthStore, DisplayOutage } from './displayHealth';
export type { FloorMessageStore, StoredFloorMessage } from './floorMessages';
export type { StorageHealth } from './health';
export type { JournalStats, SqliteJournal } from './journal';
export { SchemaTooNewError } from './migrations';
export type { OutboxOutcome, OutboxStore, PendingNotification } from './outbox';
export type { PruneCounts } from './retention';
export { MIN_DEDUPE_HOURS, pruneCutoffs, validateRetention } from './retention';
export * from './types';
export { DEFAULT_RETENTION };

export interface StorageOptions {
  /** Directory for callboard.db (created, mode 0700, if missing). */
  readonly dataDir: string;
  /** See SynchronousMode: 'full' (default) survives power loss, 'normal' survives a process crash. */
  readonly synchronous?: SynchronousMode;
  readonly logger?: Logger;
  /** A group commit starts at once when this many entries wait (default 500). */
  readonly maxBatch?: number;
  /**
   * Where journal writes run: `thread` (default) on a writer thread of their own
   * (journalWriter.ts), `inline` on the main thread's event loop (tests that count commits tick by
   * tick; tools that open the database briefly).
   */
  readonly journalWriter?: 'thread' | 'inline';
  /** Dead letters kept per source (default DEFAULT_DEAD_LETTER_CAPS: 1,000 letters, 16 MiB). */
  readonly deadLetterCaps?: DeadLetterCaps;
  /** Journal writes are refused (503) while DATA_DIR's disk has less free (default 0: no reserve). */
  readonly minFreeBytes?: number;
  /** The clock for health timestamps and probe rows (default Date.now). */
  readonly now?: () => number;
}

export interface Storage {
  readonly journal: SqliteJournal;
  /** Restart checkpoints of the reduced state (server/checkpoints.ts, server/resume.ts). */
  readonly checkpoints: CheckpointStore;
  readonly deadLetters: DeadLetters;
  readonly figures: FigureHistory;
  /**
   * Closed days per queue, kept past the journal (server/history): the SQLite file's, synchronous,
   * which the own path's closer and day-close thread write.
   */
  readonly history: HistoryStore;
  /**
   * History as the reports read it (asyncHistory.ts): the SQLite file's `history` behind promises,
   * or with DATABASE_URL the cluster's shared history on PostgreSQL (postgres/sharedStores.ts).
   */
  readonly asyncHistory: AsyncHistoryStore;
  /** The journal read by arrival window, to close past days. */
  readonly journalDays: JournalDays;
  /**
   * The journal by arrival window as the call list of a closed day reads it: `journalDays` behind
   * promises, or with DATABASE_URL the shared journal (postgres/sharedStores.ts).
   */
  readonly asyncJournalDays: AsyncJournalDays;
  readonly boards: BoardStore;
  /** Alerts raised by board rules, open and past (server/alerts). */
  readonly alerts: AlertStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly displays: DisplayStore;
  /** Each display's outage (server/fleet). */
  readonly displayHealth: DisplayHealthStore;
  /** Floor messages and their audit (server/floor). */
  readonly floorMessages: FloorMessageStore;
  readonly settings: SettingsStore;
  /** Ciphertexts only; server/secrets encrypts and decrypts. */
  readonly secrets: SecretStore;
  /** Settings-page rows; their passwords and secrets are in `secrets`. */
  readonly pbxConnections: ConfigRows;
  readonly webhookSources: ConfigRows;
  /** Settings → Alerts: the channels (secrets in `secrets`) and each one's delivery log. */
  readonly alertChannels: ConfigRows;
  readonly channelLog: ChannelLogStore;
  /** Notifications stored before any channel is told, until each has an outcome (server/alerts/outbox). */
  readonly outbox: OutboxStore;
  /** Today's accepted and rejected deliveries per webhook source (the settings page). */
  readonly sourceCounts: SourceCountReader;
  /** Delete rows older than the policy keeps (validated: dedupeHours ≥ 72; journal rows from `keepFrom` on stay). Rows deleted per table. */
  prune(now: number, policy: RetentionPolicy, keepFrom?: number): PruneCounts;
  stats(): JournalStats;
  /** The journal's latest arrival (ms), null when empty: where a "server stopped" gap begins. */
  lastArrivalAt(): number | null;
  /** Whether journal writes succeed right now (health.ts): /readyz answers 503 while they fail. */
  health(): StorageHealth;
  /** Commits any pending group commit, then closes the database. Safe to call twice. */
  close(): Promise<void>;
  /** The database file. */
  readonly path: string;
}

const DEFAULT_MAX_BATCH = 500;

/**
 * Open (creating and migrating if needed) the one SQLite database under `dataDir`. Everything but
 * journal writes runs on this connection, on the main thread (better-sqlite3 is synchronous; those
 * writes are rare and small). Journal writes, one per webhook and WSI batch, run on the journal's
 * writer thread.
 */
export function openStorage(o: StorageOptions): Storage {
  const synchronous = o.synchronous ?? 'full';
  const maxBatch = o.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new RangeError('maxBatch must be a positive integer');
  const minFreeBytes = o.minFreeBytes ?? 0;
  const { db, path } = openDatabase({ dataDir: o.dataDir, synchronous, logger: o.logger });
  let applied: number[];
  try {
    applied = migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  o.logger?.info(
    { path, synchronous, schema: MIGRATIONS.length, ...(applied.length ? { migrated: applied } : {}) },
    'storage open',
  );

  const writer =
    (o.journalWriter ?? 'thread') === 'thread'
      ? createJournalWriter({ db, synchronous, maxBatch, minFreeBytes, logger: o.logger })
      : inlineJournal(createJournal({ db, maxBatch, minFreeBytes, logger: o.logger }));
  const watch = createHealthWatch({ probe: writer.probe, now: o.now ?? Date.now, logger: o.logger });
  const journal = watch.watch(writer.journal);
  const prune = createRetention(db);
  const checkpoints = createCheckpointStore({
    db,
    synchronous,
    writer: o.journalWriter ?? 'thread',
    logger: o.logger,
  });
  let closing: Promise<void> | null = null;
  const history = createHistoryStore(db);
  const journalDays = createJournalDays(db);

  return {
    journal,
    checkpoints,
    deadLetters: createDeadLetters(db, o.deadLetterCaps),
    figures: createFigureHistory(db),
    history,
    asyncHistory: asyncHistoryOf(history),
    journalDays,
    asyncJournalDays: asyncJournalDaysOf(journalDays),
    boards: createBoardStore(db),
    alerts: createAlertStore(db),
    pbxConnections: createConfigRows(db, 'pbx_connections'),
    webhookSources: createConfigRows(db, 'webhook_sources'),
    alertChannels: createConfigRows(db, 'alert_channels'),
    channelLog: createChannelLog(db),
    outbox: createOutboxStore(db),
    sourceCounts: createSourceCounts(db),
    users: createUserStore(db),
    sessions: createSessionStore(db),
    displays: createDisplayStore(db),
    displayHealth: createDisplayHealthStore(db),
    floorMessages: createFloorMessageStore(db),
    settings: createSettingsStore(db),
    secrets: createSecretStore(db),
    prune,
    stats: journal.stats,
    lastArrivalAt: createLastArrival(db),
    health: watch.health,
    path,
    close() {
      // Appends already accepted are committed (or rejected) before the connection goes away; from
      // this call on (synchronously), any further append is refused with StorageUnavailableError.
      closing ??= (async () => {
        watch.stop();
        await writer.close();
        await checkpoints.close();
        db.close();
        o.logger?.info({ path }, 'storage closed');
      })();
      return closing;
    },
  };
}

/** The in-thread journal behind the same close() as the writer thread's. */
function inlineJournal(j: ReturnType<typeof createJournal>): {
  journal: SqliteJournal;
  probe(at: number): Promise<void>;
  close(): Promise<void>;
} {
  return {
    journal: j.journal,
    probe: j.probe,
    close: () => {
      j.flushAndClose();
      return Promise.resolve();
    },
  };
}
