import { describeOutboxContract } from './contracts/outboxContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeOutboxContract(
  'SQLite',
  sqliteStoreBackend((s) => ({ outbox: s.outbox, alerts: s.alerts })),
);
