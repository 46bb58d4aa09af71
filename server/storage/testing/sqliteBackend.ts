import type { StoreBackend } from '../contracts/backend';
import { openStorage, type Storage, type StorageOptions } from '../index';
import { tempDirsRemovedAfterEach } from './tempDir';

/**
 * Test support: one store of a real SQLite file as a contract (../contracts) sees it. Each place is
 * a data directory, removed after the test; each open is a connection of its own.
 */
export function sqliteStoreBackend<S>(
  pick: (storage: Storage) => S,
  options: Partial<StorageOptions> = {},
): StoreBackend<S> {
  const tempDir = tempDirsRemovedAfterEach();
  return {
    newPlace: async () => tempDir(),
    async open(dataDir) {
      const storage = openStorage({ dataDir, journalWriter: 'inline', ...options });
      return { store: pick(storage), close: () => storage.close() };
    },
  };
}
