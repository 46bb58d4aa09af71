import { describeBoardStoreContract } from '../contracts/boardContract';
import { describeConfigRowsContract } from '../contracts/configRowsContract';
import { createPgBoardStore } from './boards';
import { createPgConfigRows } from './configRows';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * The list contracts with the id columns under an en-US collation, as a managed database's default
 * would have them (the test server's is C): the lists must still be in code-point order ("Zed"
 * before "annex"), which the stores' `ORDER BY id COLLATE "C"` keeps (these fail without it).
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeBoardStoreContract(
  'PostgreSQL, en-US ids',
  pgStoreBackend(newDatabase, createPgBoardStore, { icuIds: ['boards'] }),
);
describeConfigRowsContract(
  'PostgreSQL, en-US ids',
  pgStoreBackend(newDatabase, (p) => createPgConfigRows(p, 'webhook_sources'), {
    icuIds: ['webhook_sources'],
  }),
);
