import type { SourceStatus } from '../../lib/protocol';
import type { SettingsAuthorizer } from '../http/guard';
import { createWebhookSourceApi } from '../http/webhookSources';
import type { SecretVault } from '../secrets';
import type { ConfigRows, DeadLetters } from '../storage';
import { createWebhookSourceRegistry } from '../webhooks/sourceSettings';

/**
 * The webhook sources of the settings page, running: the receiver's registry (secrets decrypted once
 * per change) and the API that edits them. Each enabled source with a secret shows on the boards as a
 * connected source; a deleted or disabled one leaves them.
 */
export interface WebhookSettingsOptions {
  readonly rows: ConfigRows;
  readonly vault: SecretVault;
  readonly deadLetters: Pick<DeadLetters, 'list'>;
  readonly hub: {
    setSourceStatus(status: SourceStatus): void;
    removeSource(id: string): void;
    sources(): readonly SourceStatus[];
  };
  readonly authorize: SettingsAuthorizer;
  readonly now: () => number;
}

export function createWebhookSettings(o: WebhookSettingsOptions) {
  const registry = createWebhookSourceRegistry({ rows: o.rows, vault: o.vault, now: o.now });
  let announced = new Set<string>();

  function announce(): void {
    const live = new Set<string>();
    for (const s of registry.list()) {
      if (s.secrets.length === 0) continue;
      live.add(s.id);
      const known = o.hub.sources().find((x) => x.id === s.id);
      if (!known)
        o.hub.setSourceStatus({
          id: s.id,
          kind: s.kind,
          status: 'connected',
          lastEventAt: null,
          detail: 'webhook',
        });
    }
    for (const id of announced) if (!live.has(id)) o.hub.removeSource(id);
    announced = live;
  }

  const api = createWebhookSourceApi({
    rows: o.rows,
    vault: o.vault,
    registry: {
      list: registry.list,
      invalidate() {
        registry.invalidate();
        announce();
      },
    },
    deadLetters: o.deadLetters,
    authorize: o.authorize,
    status: (id) => o.hub.sources().find((s) => s.id === id),
    now: o.now,
  });
  return { api, sources: registry.list, announce };
}
