import type { Logger } from 'pino';
import type { Config } from '../config';
import {
  createSecretBox,
  createSecretVault,
  loadSecretKey,
  type SecretBox,
  type SecretVault,
} from '../secrets';
import type { Storage } from '../storage';
import { type Auth, createAuth } from './index';

/**
 * Everything accounts and secrets need at start-up, in order: the secret key (which refuses to start
 * on a key file others can read), the auth services, and the ADMIN_EMAIL / ADMIN_PASSWORD seed when
 * no user exists yet. server/app.ts calls this once, after openStorage.
 */
export interface Access {
  readonly auth: Auth;
  readonly box: SecretBox;
  readonly vault: SecretVault;
}

export async function startAccess(o: {
  readonly config: Pick<Config, 'dataDir' | 'apiToken' | 'access'>;
  readonly storage: Pick<Storage, 'users' | 'sessions' | 'displays' | 'secrets'>;
  readonly now: () => number;
  readonly logger: Logger;
}): Promise<Access> {
  const { access } = o.config;
  const box = createSecretBox(
    loadSecretKey({ configured: access.secretKey, dataDir: o.config.dataDir, logger: o.logger }),
  );
  const auth = createAuth({
    storage: o.storage,
    now: o.now,
    apiToken: o.config.apiToken,
    trustProxy: access.trustProxy,
    sessionIdleHours: access.sessionIdleHours,
  });
  const seeded = await auth.accounts.seed(access.adminSeed);
  if (seeded) o.logger.info({ userId: seeded.id }, 'admin created from ADMIN_EMAIL / ADMIN_PASSWORD');
  else if (await auth.accounts.needsSetup())
    o.logger.warn('no user yet: open /setup to create the first admin');
  return { auth, box, vault: createSecretVault({ store: o.storage.secrets, box, now: o.now }) };
}
