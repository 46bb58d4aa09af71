import type pg from 'pg';
import { describeAccountStoresContract } from '../contracts/accountsContract';
import { describeAlertStoreContract } from '../contracts/alertContract';
import type { StoreBackend } from '../contracts/backend';
import { describeBoardStoreContract } from '../contracts/boardContract';
import { CHANNEL_LOG_CONTRACT_KEEP, describeChannelLogContract } from '../contracts/channelLogContract';
import { describeConfigRowsContract } from '../contracts/configRowsContract';
import { describeDeadLettersContract } from '../contracts/deadLettersContract';
import { describeDisplayStoreContract } from '../contracts/displayContract';
import { describeDisplayHealthContract } from '../contracts/displayHealthContract';
import { describeFloorMessageStoreContract } from '../contracts/floorMessagesContract';
import { describeSecretStoreContract, describeSettingsStoreContract } from '../contracts/settingsContract';
import { describeSourceCountsContract } from '../contracts/sourceCountsContract';
import { createPgAlertStore } from './alerts';
import { createPgBoardStore } from './boards';
import { createPgChannelLog } from './channelLog';
import { createPgConfigRows } from './configRows';
import { createPgDeadLetters } from './deadLetters';
import { createPgDisplayHealthStore } from './displayHealth';
import { createPgDisplayStore } from './displays';
import { createPgFloorMessageStore } from './floorMessages';
import { createPgJournal } from './journal';
import { migratePostgres } from './migrate';
import { openPgPool } from './pool';
import { createPgSessionStore } from './sessions';
import { createPgSecretStore, createPgSettingsStore } from './settings';
import { createPgSourceCounts } from './sourceCounts';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';
import { createPgUserStore } from './users';

/**
 * The config-side stores on a real PostgreSQL, against the same contracts the SQLite stores pass
 * (../contracts). Each place is a database of its own; each open a pool of its own (another
 * connection), migrated.
 */
const newDatabase = testDatabasesDroppedAfterAll();

function postgres<S>(make: (pool: pg.Pool) => S, o: { icuIds?: readonly string[] } = {}): StoreBackend<S> {
  return {
    async newPlace() {
      const url = await newDatabase();
      if (o.icuIds) {
        // What a managed database's default (en_US) collation does to these tables: the stores'
        // lists must still be in code-point order (the contract's "Zed" before "annex").
        const pool = openPgPool({ url, max: 1 });
        await migratePostgres(pool);
        for (const table of o.icuIds)
          await pool.query(`ALTER TABLE ${table} ALTER COLUMN id TYPE text COLLATE "en-US-x-icu"`);
        await pool.end();
      }
      return url;
    },
    async open(url) {
      const pool = openPgPool({ url, max: 4, connectTimeoutMs: 5000 });
      await migratePostgres(pool);
      return { store: make(pool), close: () => pool.end() };
    },
  };
}

describeBoardStoreContract('PostgreSQL', postgres(createPgBoardStore));
describeSettingsStoreContract('PostgreSQL', postgres(createPgSettingsStore));
describeSecretStoreContract('PostgreSQL', postgres(createPgSecretStore));
describeConfigRowsContract(
  'PostgreSQL, pbx_connections',
  postgres((p) => createPgConfigRows(p, 'pbx_connections')),
);
describeConfigRowsContract(
  'PostgreSQL, webhook_sources',
  postgres((p) => createPgConfigRows(p, 'webhook_sources')),
);
describeConfigRowsContract(
  'PostgreSQL, alert_channels',
  postgres((p) => createPgConfigRows(p, 'alert_channels')),
);
describeAccountStoresContract(
  'PostgreSQL',
  postgres((p) => ({ users: createPgUserStore(p), sessions: createPgSessionStore(p) })),
);

describeDisplayStoreContract('PostgreSQL', postgres(createPgDisplayStore));
describeDisplayHealthContract(
  'PostgreSQL',
  postgres((p) => ({ displays: createPgDisplayStore(p), health: createPgDisplayHealthStore(p) })),
);
describeFloorMessageStoreContract('PostgreSQL', postgres(createPgFloorMessageStore));
describeChannelLogContract(
  'PostgreSQL',
  postgres((p) => createPgChannelLog(p, CHANNEL_LOG_CONTRACT_KEEP)),
);
describeAlertStoreContract('PostgreSQL', postgres(createPgAlertStore));

describeDeadLettersContract('PostgreSQL', (caps) => postgres((p) => createPgDeadLetters(p, caps)));

describeSourceCountsContract('PostgreSQL', {
  newPlace: newDatabase,
  async open(url) {
    const pool = openPgPool({ url, max: 4, connectTimeoutMs: 5000 });
    await migratePostgres(pool);
    const journal = createPgJournal({ pool });
    return {
      store: {
        append: journal.append,
        deadLetters: createPgDeadLetters(pool),
        counts: createPgSourceCounts(pool),
      },
      close: () => journal.close().then(() => pool.end()),
    };
  },
});

// The same contracts with the id columns under an en-US collation (the test server's default is C).
describeBoardStoreContract('PostgreSQL, en-US ids', postgres(createPgBoardStore, { icuIds: ['boards'] }));
describeConfigRowsContract(
  'PostgreSQL, en-US ids',
  postgres((p) => createPgConfigRows(p, 'webhook_sources'), { icuIds: ['webhook_sources'] }),
);
