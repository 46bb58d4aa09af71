import { describeDisplayHealthContract } from './contracts/displayHealthContract';
import { sqliteStoreBackend } from './testing/sqliteBackend';

describeDisplayHealthContract(
  'SQLite',
  sqliteStoreBackend((s) => ({ displays: s.displays, health: s.displayHealth })),
);
