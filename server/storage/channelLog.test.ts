import Database from 'better-sqlite3';
import { createChannelLog } from './channelLog';
import type { StoreBackend } from './contracts/backend';
import { CHANNEL_LOG_CONTRACT_KEEP, describeChannelLogContract } from './contracts/channelLogContract';
import { openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

/** The server's own schema (migrated by openStorage), with a small bound to see it trim. */
const sqlite: StoreBackend<ReturnType<typeof createChannelLog>> = {
  async newPlace() {
    const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
    await storage.close();
    return storage.path;
  },
  async open(path) {
    const db = new Database(path);
    return { store: createChannelLog(db, CHANNEL_LOG_CONTRACT_KEEP), close: async () => void db.close() };
  },
};

describeChannelLogContract('SQLite', sqlite);
