import { describeAttemptStoresContract } from '../contracts/attemptStoresContract';
import { createPgAttemptStores } from './attemptStores';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/** Pending pairings and rate-limit counts on PostgreSQL, against the contract the memory stores pass. */
const newDatabase = testDatabasesDroppedAfterAll();

describeAttemptStoresContract(
  'PostgreSQL',
  pgStoreBackend(newDatabase, createPgAttemptStores, { close: async (s) => s.stop() }),
);
