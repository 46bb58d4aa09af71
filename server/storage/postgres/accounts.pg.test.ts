import { describeAccountStoresContract } from '../contracts/accountsContract';
import { describeDisplayStoreContract } from '../contracts/displayContract';
import { describeDisplayHealthContract } from '../contracts/displayHealthContract';
import { createPgDisplayHealthStore } from './displayHealth';
import { createPgDisplayStore } from './displays';
import { createPgSessionStore } from './sessions';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';
import { createPgUserStore } from './users';

/**
 * PostgreSQL stores against the same contracts the SQLite stores pass (../contracts), on the test
 * server (testing/): one database per test, dropped after the file (a few dozen per file, so the drop
 * stays within the hook timeout).
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeAccountStoresContract(
  'PostgreSQL',
  pgStoreBackend(newDatabase, (p) => ({ users: createPgUserStore(p), sessions: createPgSessionStore(p) })),
);
describeDisplayStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgDisplayStore));
describeDisplayHealthContract(
  'PostgreSQL',
  pgStoreBackend(newDatabase, (p) => ({
    displays: createPgDisplayStore(p),
    health: createPgDisplayHealthStore(p),
  })),
);
