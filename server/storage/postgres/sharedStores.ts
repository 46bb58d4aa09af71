import type { Logger } from 'pino';
import { redactedUrl } from '../../config';
import type { DeadLetterCaps, Storage } from '..';
import type { AttemptStores } from '../pairingCodes';
import { createPgAlertStore } from './alerts';
import { createPgAttemptStores } from './attemptStores';
import { createPgBoardStore } from './boards';
import { createPgChannelLog } from './channelLog';
import { createPgConfigRows } from './configRows';
import { createPgDeadLetters } from './deadLetters';
import { createPgDisplayHealthStore } from './displayHealth';
import { createPgDisplayStore } from './displays';
import { createPgFloorMessageStore } from './floorMessages';
import { createPgHistoryStore } from './history';
import { createPgJournalDays } from './journalDays';
import { migratePostgres } from './migrate';
import { createPgOutboxStore } from './outbox';
import { openPgPool } from './pool';
import { createPgRetention, type PgPrune } from './retention';
import { createPgSessionStore } from './sessions';
import { createPgSecretStore, createPgSettingsStore } from './settings';
import { createPgSourceCounts } from './sourceCounts';
import { createPgUserStore } from './users';

/** The stores instances share on PostgreSQL (each passes the same contract suite as its SQLite twin). */
export type SharedStoreName =
  | 'boards'
  | 'alerts'
  | 'users'
  | 'sessions'
  | 'displays'
  | 'displayHealth'
  | 'floorMessages'
  | 'settings'
  | 'secrets'
  | 'pbxConnections'
  | 'webhookSources'
  | 'alertChannels'
  | 'channelLog'
  | 'outbox'
  | 'deadLetters'
  | 'sourceCounts'
  | 'asyncHistory'
  | 'asyncJournalDays';

export interface SharedStores {
  readonly stores: Pick<Storage, SharedStoreName>;
  /** Retention of the shared tables (run by the cluster's housekeeper, cluster/sharedHousekeeping.ts). */
  readonly prune: PgPrune;
  /** Pending TV pairings and rate-limit counters every instance counts in (schema v8). */
  readonly attempts: AttemptStores;
  close(): Promise<void>;
}

/**
 * DATABASE_URL: settings, accounts, sessions, displays, boards, alerts, floor messages, dead letters
 * the webhook counts and history (closed days, agent rows: the reports read it, the cluster's one
 * closer writes it, server/history/clusterHistory.ts) live in PostgreSQL, shared by every instance
 * (issue #19). Restart checkpoints stay in the SQLite file under DATA_DIR: they hold a position in
 * an own journal, and an instance on the shared journal rebuilds today from it instead; so do the
 * quarter figures saved each minute (housekeeping.ts), which only this instance reads.
 */
export async function openSharedStores(o: {
  readonly url: string;
  readonly instance: string;
  readonly deadLetterCaps?: DeadLetterCaps;
  readonly logger: Logger;
}): Promise<SharedStores> {
  const pool = openPgPool({
    url: o.url,
    max: 6,
    applicationName: `callboard stores ${o.instance}`.slice(0, 63),
    logger: o.logger,
  });
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  o.logger.info({ database: redactedUrl(o.url) }, 'settings, accounts and boards shared through PostgreSQL');
  const attempts = createPgAttemptStores(pool);
  return {
    attempts,
    stores: {
      boards: createPgBoardStore(pool),
      alerts: createPgAlertStore(pool),
      users: createPgUserStore(pool),
      sessions: createPgSessionStore(pool),
      displays: createPgDisplayStore(pool),
      displayHealth: createPgDisplayHealthStore(pool),
      floorMessages: createPgFloorMessageStore(pool),
      settings: createPgSettingsStore(pool),
      secrets: createPgSecretStore(pool),
      pbxConnections: createPgConfigRows(pool, 'pbx_connections'),
      webhookSources: createPgConfigRows(pool, 'webhook_sources'),
      alertChannels: createPgConfigRows(pool, 'alert_channels'),
      channelLog: createPgChannelLog(pool),
      outbox: createPgOutboxStore(pool),
      deadLetters: createPgDeadLetters(pool, o.deadLetterCaps),
      sourceCounts: createPgSourceCounts(pool),
      asyncHistory: createPgHistoryStore(pool),
      asyncJournalDays: createPgJournalDays(pool),
    },
    prune: createPgRetention(pool),
    close: () => {
      attempts.stop();
      return pool.end();
    },
  };
}
