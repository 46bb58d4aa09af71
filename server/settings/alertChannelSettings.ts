import type { Logger } from 'pino';
import { type ChannelNotifier, createChannelNotifier } from '../alerts/channels/notifier';
import { createSenders } from '../alerts/channels/senders';
import { type ChannelTimers, REAL_TIMERS } from '../alerts/channels/types';
import { describePrincipal, type Principal } from '../auth';
import { createAlertChannelApi } from '../http/alertChannels';
import type { SettingsAuthorizer } from '../http/guard';
import type { SecretVault } from '../secrets';
import type { Storage } from '../storage';

/**
 * Settings → Alerts, running: the notifier every raiser of notifications is handed (alert rules,
 * the displays' watch) and the API that edits its channels.
 */
export function startAlertChannels(o: {
  readonly storage: Pick<Storage, 'alertChannels' | 'channelLog' | 'users'>;
  readonly vault: SecretVault;
  readonly authorize: SettingsAuthorizer;
  readonly publicUrl: string | null;
  readonly now: () => number;
  readonly logger: Logger;
  readonly timers?: ChannelTimers;
}): {
  notifier: ChannelNotifier;
  routes: ReturnType<typeof createAlertChannelApi>;
  /** The attempts under way end and are recorded (notifier.ts `stop`). */
  stop(): Promise<void>;
} {
  const notifier = createChannelNotifier({
    rows: o.storage.alertChannels,
    vault: o.vault,
    log: o.storage.channelLog,
    senders: createSenders({ now: o.now }),
    now: o.now,
    timers: o.timers ?? REAL_TIMERS,
    logger: o.logger,
    publicUrl: o.publicUrl,
  });
  // A person is named by their e-mail in the test message; the API token as "the API token".
  const nameOf = async (p: Principal) =>
    p.kind === 'user'
      ? ((await o.storage.users.get(p.userId))?.email ?? describePrincipal(p))
      : p.kind === 'api'
        ? 'the API token'
        : describePrincipal(p);
  const routes = createAlertChannelApi({
    rows: o.storage.alertChannels,
    vault: o.vault,
    log: o.storage.channelLog,
    notifier,
    authorize: o.authorize,
    nameOf,
    now: o.now,
  });
  return { notifier, routes, stop: () => notifier.stop() };
}
