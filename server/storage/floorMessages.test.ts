import { describeFloorMessageStoreContract } from './contracts/floorMessagesContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeFloorMessageStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.floorMessages),
);
