import { describeHistoryStoreContract } from '../contracts/historyContract';
import { createPgHistoryStore } from './history';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * History on PostgreSQL against the contract the SQLite file passes (../contracts/historyContract.ts),
 * once as migrated and once with every text key under an en-US collation, as a managed database's
 * default would have them (the test server's is C): reads must still come in code-point order.
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeHistoryStoreContract('PostgreSQL', pgStoreBackend(newDatabase, createPgHistoryStore));

/** The history tables' text keys, each put under "en-US-x-icu" before the store opens. */
const TEXT_KEYS: readonly (readonly [string, string])[] = [
  ['history_quarters', 'queue'],
  ['history_days', 'queue'],
  ['history_hours', 'queue'],
  ['history_agent_days', 'agent'],
  ['history_agent_queue_days', 'agent'],
  ['history_agent_queue_days', 'queue'],
  ['history_agent_queue_quarters', 'agent'],
  ['history_agent_queue_quarters', 'queue'],
];
describeHistoryStoreContract(
  'PostgreSQL, en-US keys',
  pgStoreBackend(newDatabase, createPgHistoryStore, {
    prepare: async (pool) => {
      for (const [table, column] of TEXT_KEYS)
        await pool.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text COLLATE "en-US-x-icu"`);
    },
  }),
);
