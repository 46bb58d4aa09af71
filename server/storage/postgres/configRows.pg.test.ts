import type { ConfigTable } from '../configRows';
import { describeConfigRowsContract } from '../contracts/configRowsContract';
import { createPgConfigRows } from './configRows';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * PostgreSQL stores against the same contracts the SQLite stores pass (../contracts), on the test
 * server (testing/): one database per test, dropped after the file (a few dozen per file, so the drop
 * stays within the hook timeout).
 */
const newDatabase = testDatabasesDroppedAfterAll();

for (const table of ['pbx_connections', 'webhook_sources', 'alert_channels'] satisfies ConfigTable[])
  describeConfigRowsContract(
    `PostgreSQL, ${table}`,
    pgStoreBackend(newDatabase, (p) => createPgConfigRows(p, table)),
  );
