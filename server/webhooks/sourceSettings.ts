import { randomBytes } from 'node:crypto';
import { storedWebhookSourceSchema } from '../../lib/settings/webhooks';
import type { SecretVault } from '../secrets';
import type { ConfigRows } from '../storage';
import type { WebhookSourceConfig } from './types';

/** Vault names of a webhook source's secrets. */
export const webhookSecretName = (id: string, which: 'current' | 'previous') => `webhook/${id}/${which}`;

/** 32 random bytes, URL-safe: it travels in the 3CX and VoIPstudio URLs. */
export const newWebhookSecret = () => randomBytes(32).toString('base64url');

/**
 * The receiver's view of the saved webhook sources: enabled ones with their current secret and, until
 * its grace period ends, the previous one. Decrypted once per change (not per request); a grace period
 * ending is noticed on the next request after it.
 */
export function createWebhookSourceRegistry(o: { rows: ConfigRows; vault: SecretVault; now: () => number }) {
  interface Built {
    readonly list: WebhookSourceConfig[];
    readonly validUntil: number;
  }
  // The promise is cached, so requests arriving during a rebuild share it (one read of the rows).
  let cached: { built: Promise<Built>; validUntil: number } | null = null;

  async function build(now: number): Promise<Built> {
    let validUntil = Number.POSITIVE_INFINITY;
    const list: WebhookSourceConfig[] = [];
    for (const row of await o.rows.list()) {
      const parsed = storedWebhookSourceSchema.safeParse(row.config);
      if (!parsed.success || !parsed.data.enabled) continue;
      const secrets: string[] = [];
      const current = await o.vault.reveal(webhookSecretName(row.id, 'current'));
      if (current) secrets.push(current);
      const until = parsed.data.previousUntil;
      if (until !== null && until > now) {
        const previous = await o.vault.reveal(webhookSecretName(row.id, 'previous'));
        if (previous) secrets.push(previous);
        validUntil = Math.min(validUntil, until);
      }
      list.push({ id: row.id, kind: parsed.data.kind, secrets });
    }
    return { list, validUntil };
  }

  return {
    async list(): Promise<readonly WebhookSourceConfig[]> {
      const now = o.now();
      if (!cached || now >= cached.validUntil) {
        const built = build(now);
        const entry = { built, validUntil: Number.POSITIVE_INFINITY };
        cached = entry;
        void built.then(
          (b) => {
            entry.validUntil = b.validUntil;
          },
          // A failed read is not kept: the next request reads again.
          () => {
            if (cached === entry) cached = null;
          },
        );
      }
      return (await cached.built).list;
    },
    /** After any change of the rows or the secrets. */
    invalidate(): void {
      cached = null;
    },
  };
}

export type WebhookSourceRegistry = ReturnType<typeof createWebhookSourceRegistry>;
