import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { SettingsAuthorizer } from '../http/guard';
import type { Hub } from '../hub/hub';
import type { Recorder } from '../recorder';
import type { SecretVault } from '../secrets';
import { seedWebhookSources } from '../settings/seed';
import { createWebhookSettings } from '../settings/webhookSettings';
import type { Storage } from '../storage';
import type { DeadLetter } from '../storage/types';
import { createWebhookReceiver } from './receiver';
import { replayDeadLetter } from './replay';
import type { WebhookCounts } from './types';

/**
 * The webhook side of the process: the sources (seeded from WEBHOOK_TOKEN on a first start), their
 * settings API, the receivers (journal before the 2xx) and a dead letter's replay through the same
 * door. app.ts only wires what this returns.
 */
export async function startWebhooks(o: {
  readonly config: Pick<Config, 'webhookToken' | 'demo' | 'access'>;
  readonly storage: Storage;
  readonly vault: SecretVault;
  readonly hub: Hub;
  readonly recorder: Pick<Recorder, 'accept'>;
  readonly authorize: SettingsAuthorizer;
  readonly counts?: WebhookCounts;
  readonly now: () => number;
  readonly logger: Logger;
  /** Where this server listens, for the settings page's URLs and its test events. */
  readonly address: () => ReturnType<Server['address']>;
}) {
  const logger = o.logger.child({ part: 'webhooks' });
  // The demo feeds its own webhooks; without a configured secret it makes one up for itself.
  const token = await seedWebhookSources(
    o.config.webhookToken ?? (o.config.demo ? randomBytes(24).toString('base64url') : null),
    o.storage,
    o.vault,
    o.now(),
  );
  const settings = createWebhookSettings({
    rows: o.storage.webhookSources,
    vault: o.vault,
    deadLetters: o.storage.deadLetters,
    sourceCounts: o.storage.sourceCounts,
    hub: o.hub,
    authorize: o.authorize,
    now: o.now,
    logger,
    address: o.address,
  });
  const deps = {
    sources: settings.sources,
    testEvents: settings.testEvents,
    accept: o.recorder.accept,
    deadLetters: o.storage.deadLetters,
    now: o.now,
    logger,
    digestKey: randomBytes(32),
    trustProxy: o.config.access.trustProxy,
    ...(o.counts ? { counts: o.counts } : {}),
  };
  return {
    /** The demo's own webhook secret (or the seeded WEBHOOK_TOKEN), null when none. */
    token,
    settings,
    routes: [...createWebhookReceiver(deps), ...settings.api],
    replay: (letter: DeadLetter) => replayDeadLetter(letter, deps),
  };
}
