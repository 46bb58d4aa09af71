import type { Logger } from 'pino';
import type { Config } from './config';
import { openStorage, type Storage } from './storage';
import { type AttemptStores, createMemoryAttemptStores } from './storage/pairingCodes';
import { openSharedStores, type SharedStores } from './storage/postgres/sharedStores';

/**
 * What this process stores, and where: the SQLite file under DATA_DIR always (the own journal,
 * checkpoints, minute figures), and with DATABASE_URL the shared stores on PostgreSQL in place of their
 * SQLite twins (settings, accounts, displays, boards, alerts, history…). Pending TV pairings and the
 * attempt limits live in PostgreSQL when shared, in this process's memory otherwise.
 */
export async function openProcessStorage(o: {
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => number;
}): Promise<{
  readonly storage: Storage;
  readonly shared: SharedStores | null;
  readonly attempts: AttemptStores;
  close(): Promise<void>;
}> {
  const { config, logger } = o;
  const local = openStorage({
    dataDir: config.dataDir,
    synchronous: config.journal.synchronous,
    minFreeBytes: config.journal.minFreeBytes,
    logger,
    now: o.now,
  });
  const shared =
    config.databaseUrl === null
      ? null
      : await openSharedStores({ url: config.databaseUrl, instance: config.instanceId, logger }).catch(
          async (err: unknown) => {
            await local.close();
            throw err;
          },
        );
  if (shared && config.access.secretKey === null)
    logger.warn(
      'DATABASE_URL without SECRET_KEY: the PBX passwords and webhook secrets stored in PostgreSQL are sealed with DATA_DIR/secret.key, so every instance must share that DATA_DIR or set the same SECRET_KEY',
    );
  const storage: Storage = shared ? { ...local, ...shared.stores } : local;
  return {
    storage,
    shared,
    attempts: shared?.attempts ?? createMemoryAttemptStores(),
    async close() {
      await storage.close();
      await shared?.close();
    },
  };
}
