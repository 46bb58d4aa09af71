import { describeAlertStoreContract } from '../contracts/alertContract';
import { CHANNEL_LOG_CONTRACT_KEEP, describeChannelLogContract } from '../contracts/channelLogContract';
import { describeFloorMessageStoreContract } from '../contracts/floorMessagesContract';
import { createPgAlertStore } from './alerts';
import { createPgChannelLog } from './channelLog';
import { createPgFloorMessageStore } from './floorMessages';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * PostgreSQL stores against the same contracts the SQLite stores pass (../contracts), on the test
 * server (testing/): one database per test, dropped after the file (a few dozen per file, so the drop
 * stays within the hook timeout).
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeAlertStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgAlertStore));
describeChannelLogContract(
  'PostgreSQL',
  pgStoreBackend(newDatabase, (p) => createPgChannelLog(p, CHANNEL_LOG_CONTRACT_KEEP)),
);
describeFloorMessageStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgFloorMessageStore));
