import type { Logger } from 'pino';
import type { Settings } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import type { SourceStatus } from '../../lib/protocol';
import { storedWebhookSourceSchema, type WebhookTestResult } from '../../lib/settings/webhooks';
import type { SettingsAuthorizer } from '../http/guard';
import { createWebhookSourceApi } from '../http/webhookSources';
import type { SecretVault } from '../secrets';
import type { ConfigRows, DeadLetters } from '../storage';
import type { SourceCountReader } from '../storage/sourceCounts';
import { loopbackOrigin, sendTestEvent } from '../webhooks/sendTest';
import { createWebhookSourceRegistry, webhookSecretName } from '../webhooks/sourceSettings';
import { createTestEvents } from '../webhooks/testEvent';

/**
 * The webhook sources of the settings page, running: the receiver's registry (secrets decrypted once
 * per change) and the API that edits them. Each enabled source with a secret shows on the boards as a
 * connected source; a deleted or disabled one leaves them. "Send test event" posts a sample to the
 * source's own URL on this server (see server/webhooks/testEvent.ts and sendTest.ts). Each source
 * also shows today's accepted and rejected deliveries, "today" being the boards' day.
 */
export interface WebhookSettingsOptions {
  readonly rows: ConfigRows;
  readonly vault: SecretVault;
  readonly deadLetters: Pick<DeadLetters, 'list' | 'dropped'>;
  readonly sourceCounts: SourceCountReader;
  readonly hub: {
    /** Its settings' timezone and day start decide where today begins (the general settings). */
    state(): { readonly settings: Pick<Settings, 'timezone' | 'dayStartsAt'> };
    setSourceStatus(status: SourceStatus): void;
    removeSource(id: string): void;
    sources(): readonly SourceStatus[];
  };
  readonly authorize: SettingsAuthorizer;
  readonly now: () => number;
  readonly logger: Logger;
  /** This server's listening address (server.address()), read when a test is sent. */
  readonly address: () => Parameters<typeof loopbackOrigin>[0];
}

export function createWebhookSettings(o: WebhookSettingsOptions) {
  const registry = createWebhookSourceRegistry({ rows: o.rows, vault: o.vault, now: o.now });
  const testEvents = createTestEvents({ now: o.now, logger: o.logger });
  let announced = new Set<string>();

  /** The boards' day (the general settings' timezone and day start), on this server's clock. */
  function countsToday() {
    const { timezone, dayStartsAt } = o.hub.state().settings;
    return o.sourceCounts.countsSince(dayWindow(o.now(), timezone, dayStartsAt).start);
  }

  /** Sends the test as the source's PBX would: a disabled source gets what its PBX would (401 or 404). */
  async function test(id: string): Promise<WebhookTestResult | null> {
    const row = await o.rows.get(id);
    const stored = row ? storedWebhookSourceSchema.safeParse(row.config) : null;
    if (!stored?.success) return null;
    const at = o.now();
    const secret = await o.vault.reveal(webhookSecretName(id, 'current'));
    let result: WebhookTestResult;
    if (!secret) result = { at, ok: false, status: 0, events: [], error: 'the source has no secret' };
    else {
      const nonce = testEvents.issue(id);
      try {
        const origin = loopbackOrigin(o.address());
        result = { at, ...(await sendTestEvent({ origin, kind: stored.data.kind, secret, nonce, now: at })) };
      } finally {
        testEvents.forget(nonce);
      }
    }
    testEvents.record(id, result);
    return result;
  }

  async function announce(): Promise<void> {
    const live = new Set<string>();
    for (const s of await registry.list()) {
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
    // Start-up calls this right after the journal replay: the one full count of today's rows (about
    // 0.2 s on a 500,000-row day) belongs there too, not in an admin's first page load; later counts
    // only read the rows added since.
    await countsToday();
  }

  const api = createWebhookSourceApi({
    rows: o.rows,
    vault: o.vault,
    registry: {
      invalidate() {
        registry.invalidate();
        return announce();
      },
    },
    deadLetters: o.deadLetters,
    authorize: o.authorize,
    status: (id) => o.hub.sources().find((s) => s.id === id),
    test,
    lastTest: testEvents.last,
    counts: countsToday,
    now: o.now,
  });
  return { api, sources: registry.list, announce, testEvents };
}
