import { startTestCallboard } from './callboard';

/**
 * Test support only: the Callboard process (without Next's pages) as a child process, so a test can
 * SIGKILL it. DATA_DIR comes from the environment; prints "READY <url>" once it listens.
 */
const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');
const app = await startTestCallboard({
  dataDir,
  env: {
    JOURNAL_SYNC: process.env.JOURNAL_SYNC ?? 'normal',
    ...(process.env.JOURNAL_MIN_FREE_MB ? { JOURNAL_MIN_FREE_MB: process.env.JOURNAL_MIN_FREE_MB } : {}),
    // A cluster instance (server/integration/cluster.pg.test.ts): the shared journal and its name.
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.INSTANCE_ID ? { INSTANCE_ID: process.env.INSTANCE_ID } : {}),
    ...(process.env.CHECKPOINT_EVERY_EVENTS
      ? { CHECKPOINT_EVERY_EVENTS: process.env.CHECKPOINT_EVERY_EVENTS }
      : {}),
  },
});
process.stdout.write(`READY ${app.url}\n`);
