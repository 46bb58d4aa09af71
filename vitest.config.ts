import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const UNIT = ['lib/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'];
/** Tests on a real PostgreSQL: their own project, so its server starts only when one of them runs. */
const POSTGRES = ['server/**/*.pg.test.ts'];

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    pool: 'threads',
    // Two files at a time on the 2-core CI machine (the default leaves one core idle: one worker).
    // Many files wait more than they compute (real PostgreSQL, child processes, sockets, timers), so
    // the suite's wall time drops by about half (docs/benchmarks.md, "The test suite's time").
    maxWorkers: 2,
    // A timeout guards against a hang, it is not a speed check (speed is the benches' job): the
    // default 5 s failed password-hashing and whole-tree tests on a loaded 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, exclude: POSTGRES } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES,
          // One PostgreSQL server for the whole run (embedded, or TEST_DATABASE_URL); each file
          // makes its own database on it (server/storage/postgres/testing/testDatabase.ts).
          globalSetup: ['server/storage/postgres/testing/globalSetup.ts'],
          // One file at a time (beside the unit files): the tail's horizon is the whole server's, so
          // one file's open transaction would hold back another file's rows.
          fileParallelism: false,
        },
      },
    ],
  },
});
