import { describeHistoryStoreContract } from './contracts/historyContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeHistoryStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.asyncHistory),
);
