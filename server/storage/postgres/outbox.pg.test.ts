import { describeOutboxContract } from '../contracts/outboxContract';
import { createPgAlertStore } from './alerts';
import { createPgOutboxStore } from './outbox';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/** The outbox on PostgreSQL against the contract the SQLite store passes (../contracts/outboxContract.ts). */
const newDatabase = testDatabasesDroppedAfterAll();

describeOutboxContract(
  'PostgreSQL',
  pgStoreBackend(newDatabase, (p) => ({ outbox: createPgOutboxStore(p), alerts: createPgAlertStore(p) })),
);
