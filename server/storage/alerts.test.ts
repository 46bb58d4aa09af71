import { describeAlertStoreContract } from './contracts/alertContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeAlertStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.alerts),
);
