import { chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { SECRET_KEY_FILE } from '../secrets';
import { captureLogger } from '../webhooks/testing';
import { startAccess } from './bootstrap';
import { authTestBed } from './testing';

const open = authTestBed();
const SEED = { ADMIN_EMAIL: 'Root@Example.com', ADMIN_PASSWORD: 'seeded password 1' };

describe('startAccess', () => {
  it('seeds the admin from the environment once, and makes a 0600 key file', async () => {
    const { storage, clock } = open();
    const dataDir = dirname(storage.path);
    const config = loadConfig({ DATA_DIR: dataDir, ...SEED });
    const { logger, lines } = captureLogger();
    const first = await startAccess({ config, storage, now: clock.now, logger });
    expect(await first.auth.accounts.needsSetup()).toBe(false);
    expect(await first.auth.accounts.verify('root@example.com', SEED.ADMIN_PASSWORD)).toMatchObject({
      role: 'admin',
    });
    expect(statSync(join(dataDir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);

    // A second start (another password in the environment) changes nothing.
    const again = loadConfig({
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'other@example.com',
      ADMIN_PASSWORD: 'another password',
    });
    const second = await startAccess({ config: again, storage, now: clock.now, logger });
    expect(await storage.users.count()).toBe(1);
    // Same key file, so secrets sealed by the first start open in the second.
    await first.vault.set('pbx/main', 'pbx secret value');
    expect(await second.vault.reveal('pbx/main')).toBe('pbx secret value');
    for (const line of lines) expect(line).not.toContain(SEED.ADMIN_PASSWORD);
  });

  it('waits for /setup without a seed, and refuses a key file others can read', async () => {
    const { storage, clock } = open();
    const dataDir = dirname(storage.path);
    const { logger, lines } = captureLogger();
    const access = await startAccess({
      config: loadConfig({ DATA_DIR: dataDir }),
      storage,
      now: clock.now,
      logger,
    });
    expect(await access.auth.accounts.needsSetup()).toBe(true);
    expect(lines.join('')).toContain('open /setup');
    chmodSync(join(dataDir, SECRET_KEY_FILE), 0o644);
    await expect(
      startAccess({ config: loadConfig({ DATA_DIR: dataDir }), storage, now: clock.now, logger }),
    ).rejects.toThrow(/readable by others/);
  });
});
