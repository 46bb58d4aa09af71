import { describeDeadLettersContract } from '../contracts/deadLettersContract';
import { describeSourceCountsContract } from '../contracts/sourceCountsContract';
import { createPgDeadLetters } from './deadLetters';
import { createPgJournal } from './journal';
import { createPgSourceCounts } from './sourceCounts';
import { pgStoreBackend } from './testing/storeBackend';
import { testDatabasesDroppedAfterAll } from './testing/testDatabase';

/**
 * PostgreSQL stores against the same contracts the SQLite stores pass (../contracts), on the test
 * server (testing/): one database per test, dropped after the file (a few dozen per file, so the drop
 * stays within the hook timeout).
 */
const newDatabase = testDatabasesDroppedAfterAll();

describeDeadLettersContract('PostgreSQL', (caps) =>
  pgStoreBackend(newDatabase, (p) => createPgDeadLetters(p, caps)),
);
describeSourceCountsContract(
  'PostgreSQL',
  pgStoreBackend(
    newDatabase,
    (p) => {
      const journal = createPgJournal({ pool: p });
      return {
        append: journal.append,
        close: journal.close,
        deadLetters: createPgDeadLetters(p),
        counts: createPgSourceCounts(p),
      };
    },
    { close: (s) => s.close() },
  ),
);
