import type { Logger } from 'pino';
import type { Config } from '../config';
import { pbxPasswordName } from '../http/pbxConnections';
import { settingsOfEnv } from '../pbx/settings';
import type { SecretVault } from '../secrets';
import type { Storage } from '../storage';
import { webhookSecretName } from '../webhooks/sourceSettings';

/** The id the env's PORTSIP_* connection gets in the settings. */
export const ENV_PBX_ID = 'portsip';

/**
 * The environment seeds the settings once: on a first start (no PBX connection saved yet) the
 * PORTSIP_* variables become connection "portsip". From then on the settings page owns it; changing
 * the env later changes nothing, and the log says so.
 */
export async function seedSettingsFromEnv(
  config: Config,
  storage: Storage,
  vault: SecretVault,
  now: number,
  logger: Logger,
): Promise<void> {
  const p = config.portsip;
  if (!p) return;
  if ((await storage.pbxConnections.list()).length > 0) {
    logger.info(
      'PORTSIP_* is set, but PBX connections are managed in the settings: the env is not applied again',
    );
    return;
  }
  await vault.set(pbxPasswordName(ENV_PBX_ID), p.auth.password);
  await storage.pbxConnections.put(ENV_PBX_ID, settingsOfEnv(p), now);
  logger.info({ id: ENV_PBX_ID, url: p.url }, 'PBX connection seeded from PORTSIP_* env');
}

const DEFAULT_WEBHOOK_SOURCES = [
  { id: 'portsip-webhook', name: 'PortSIP CDR webhook', kind: 'portsip-webhook' },
  { id: '3cx', name: '3CX WebhooksApi add-on', kind: '3cx' },
  { id: 'voipstudio', name: 'VoIPstudio', kind: 'voipstudio' },
] as const;

/**
 * WEBHOOK_TOKEN (or the demo's own token) seeds the three webhook sources once, on a first start with
 * none saved; from then on the settings page owns them. Returns the secret the demo's feeder posts
 * with: the stored one of `portsip-webhook` when the sources already exist.
 */
export async function seedWebhookSources(
  token: string | null,
  storage: Storage,
  vault: SecretVault,
  now: number,
): Promise<string | null> {
  if ((await storage.webhookSources.list()).length > 0)
    return (await vault.reveal(webhookSecretName('portsip-webhook', 'current'))) ?? token;
  if (token === null) return null;
  for (const s of DEFAULT_WEBHOOK_SOURCES) {
    await vault.set(webhookSecretName(s.id, 'current'), token);
    await storage.webhookSources.put(
      s.id,
      { name: s.name, kind: s.kind, enabled: true, previousUntil: null },
      now,
    );
  }
  return token;
}
