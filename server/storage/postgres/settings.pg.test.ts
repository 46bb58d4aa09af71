import { describeBoardStoreContract } from '../contracts/boardContract';
import { describeSecretStoreContract, describeSettingsStoreContract } from '../contracts/settingsContract';
import { createPgBoardStore } from './boards';
import { createPgSecretStore, createPgSettingsStore } from './settings';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * PostgreSQL stores against the same contracts the SQLite stores pass (../contracts), on the test
 * server (testing/): one database per test, dropped after the file (a few dozen per file, so the drop
 * stays within the hook timeout).
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeBoardStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgBoardStore));
describeSettingsStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgSettingsStore));
describeSecretStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgSecretStore));
