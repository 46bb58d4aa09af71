import { describeBoardStoreContract } from './contracts/boardContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeBoardStoreContract(
  'SQLite',
  sqliteStoreBackend((s) => s.boards),
);
