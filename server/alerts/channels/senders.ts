import type { ChannelKind } from '../../../lib/settings/alertChannels';
import { createEmailSender, type SmtpTimeouts } from './email';
import { sendSlack } from './slack';
import { sendTeams } from './teams';
import type { ChannelSender } from './types';
import { createWebhookSender } from './webhook';

/** One sender per kind of channel. */
export type Senders = Readonly<Record<ChannelKind, ChannelSender>>;

export function createSenders(o: { readonly now: () => number; readonly smtp?: SmtpTimeouts }): Senders {
  return {
    webhook: createWebhookSender(o.now),
    slack: sendSlack,
    teams: sendTeams,
    email: createEmailSender(o.smtp),
  };
}
