import pg from 'pg';
import type { Logger } from 'pino';
import type { Settings } from '../lib/domain/state';
import { leasedOwnership } from './cluster/leasedOwnership';
import { type LinkOwnership, singleInstance } from './cluster/linkOwnership';
import { createSharedRecorder } from './cluster/sharedRecorder';
import { type Config, redactedUrl } from './config';
import type { Hub } from './hub/hub';
import { createRecorder, type Recorder, rebuildFromJournal } from './recorder';
import { resumeFromJournal } from './resume';
import type { Storage } from './storage';
import { createPgJournal } from './storage/postgres/journal';
import { migratePostgres } from './storage/postgres/migrate';
import { openPgPool } from './storage/postgres/pool';

/**
 * How this instance records what comes in and reads today back: the one decision DATABASE_URL makes
 * for the journal (issue #19).
 *
 * - **Own journal** (default): the SQLite file under DATA_DIR. Webhooks are applied after their
 *   commit, live batches at once; today is read at start from the newest usable checkpoint plus the
 *   journal after it; every PBX link is this instance's.
 * - **Shared journal** (DATABASE_URL): PostgreSQL, shared with the other instances. The hub is fed by
 *   the journal's tail only (cluster/sharedRecorder.ts); today is read at start through the tail;
 *   a PBX link runs on the one instance holding its lease, and its writes carry the lease's fence.
 */
export interface Recording {
  readonly recorder: Recorder;
  /** Which instance runs each PBX link. */
  readonly ownership: LinkOwnership;
  /** Whether the journal is shared with other instances (restart checkpoints are the own journal's). */
  readonly shared: boolean;
  /** Today into the hub, before any viewer is let in. Returns the events read. */
  readToday(): Promise<number>;
  /** A moved day window: today again under the settings `settings()` gives when the rebuild runs. */
  rebuildToday(settings: () => Settings): Promise<number>;
  /** Whether today has been read (shared: the tail has caught up with the journal). */
  caughtUp(): boolean;
  stop(): Promise<void>;
}

interface RecordingOptions {
  readonly config: Pick<Config, 'databaseUrl' | 'instanceId'>;
  readonly storage: Pick<Storage, 'journal' | 'checkpoints'>;
  readonly hub: Hub;
  readonly now: () => number;
  readonly logger: Logger;
  readonly timeJournalWrite?: () => () => void;
}

export async function openRecording(o: RecordingOptions): Promise<Recording> {
  return o.config.databaseUrl === null ? ownRecording(o) : sharedRecording(o, o.config.databaseUrl);
}

function ownRecording(o: RecordingOptions): Recording {
  const recorder = createRecorder({
    journal: o.storage.journal,
    hub: o.hub,
    now: o.now,
    logger: o.logger,
    ...(o.timeJournalWrite ? { timeJournalWrite: o.timeJournalWrite } : {}),
  });
  let read = false;
  return {
    recorder,
    ownership: singleInstance(o.config.instanceId),
    shared: false,
    async readToday() {
      const { events } = resumeFromJournal({
        journal: o.storage.journal,
        checkpoints: o.storage.checkpoints,
        hub: o.hub,
        now: o.now,
        logger: o.logger,
      });
      read = true;
      return events;
    },
    rebuildToday: (settings) =>
      recorder.whenSettled(() => rebuildFromJournal(o.storage.journal, o.hub, settings(), o.now())),
    caughtUp: () => read,
    stop: async () => {},
  };
}

async function sharedRecording(o: RecordingOptions, url: string): Promise<Recording> {
  const log = o.logger.child({ part: 'shared-journal' });
  const pool = openPgPool({ url, max: 6, applicationName: `callboard ${o.config.instanceId}`, logger: log });
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const journal = createPgJournal({ pool, logger: log });
  const recorder = createSharedRecorder({
    journal,
    pool,
    listener: () =>
      new pg.Client({ connectionString: url, application_name: 'callboard-tail', keepAlive: true }),
    hub: o.hub,
    now: o.now,
    logger: log,
    ...(o.timeJournalWrite ? { timeJournalWrite: o.timeJournalWrite } : {}),
  });
  const ownership = leasedOwnership({ url, instance: o.config.instanceId, logger: log });
  log.info(
    { database: redactedUrl(url), instance: o.config.instanceId },
    'journal shared through PostgreSQL',
  );
  return {
    recorder,
    ownership,
    shared: true,
    async readToday() {
      const started = o.now();
      const events = await recorder.start(o.hub.state().settings);
      log.info({ events, ms: o.now() - started }, 'today read from the shared journal');
      return events;
    },
    rebuildToday: (settings) => recorder.rebuild(settings()),
    caughtUp: recorder.caughtUp,
    async stop() {
      await ownership.stop();
      await recorder.stop();
      await journal.close();
      await pool.end();
    },
  };
}
