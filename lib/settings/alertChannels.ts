import { z } from 'zod';
import { ID_PATTERN } from './ids';

/**
 * An alert channel as an admin configures it (Settings → Alerts, `/api/v1/alert-channels`): where
 * notifications go (server/alerts/channels/). Shared by the server and the browser form. Pure.
 *
 * Secrets are not part of it: a Slack or Teams webhook URL (whoever holds it can post), the outbound
 * webhook's signing secret and the SMTP password are written separately, sealed in the vault and
 * never read back (`secretSet` says whether there is one).
 */
export const CHANNEL_KINDS = ['webhook', 'slack', 'teams', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Readonly<Record<ChannelKind, string>> = {
  webhook: 'Webhook (signed JSON)',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams webhook',
  email: 'E-mail (SMTP)',
};

/** What each kind's one secret is, in the form's words. */
export const CHANNEL_SECRET_LABELS: Readonly<Record<ChannelKind, string>> = {
  webhook: 'Signing secret (whsec_…)',
  slack: 'Webhook URL',
  teams: 'Webhook URL',
  email: 'SMTP password',
};

const httpUrl = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .max(2048, `Use at most 2048 characters for the ${what}`)
    .regex(/^https?:\/\/[^\s/]+\S*$/i, `Enter an http:// or https:// URL for the ${what}`);

const email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'Enter an e-mail address');

const common = {
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(80, 'Use at most 80 characters for the name'),
  enabled: z.boolean().default(true),
  /** The boards whose notifications it takes; 'all' also takes those that concern no one board. */
  boards: z.union([z.literal('all'), z.array(z.string().regex(ID_PATTERN)).min(1).max(200)]).default('all'),
  /** 'warn' takes warnings and critical alerts; 'critical' only critical ones. */
  minSeverity: z.enum(['warn', 'critical']).default('warn'),
};

export const webhookChannelSchema = z.object({
  ...common,
  kind: z.literal('webhook'),
  url: httpUrl('receiver URL'),
});

export const slackChannelSchema = z.object({ ...common, kind: z.literal('slack') });
export const teamsChannelSchema = z.object({ ...common, kind: z.literal('teams') });

export const emailChannelSchema = z.object({
  ...common,
  kind: z.literal('email'),
  host: z
    .string({ error: 'Enter the SMTP host' })
    .trim()
    .min(1, 'Enter the SMTP host')
    .max(253)
    .regex(/^[^\s/:]+$|^\[[0-9a-f:.]+\]$/i, 'Enter a host name or address, without a port'),
  port: z.number({ error: 'Enter the port' }).int().min(1).max(65535).default(587),
  /**
   * 'tls': TLS from the first byte (port 465); 'starttls': plain then upgraded, refused if the server
   * cannot (587); 'none': plain text (a relay on the same host or network only).
   */
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  /** Off only for a relay with a self-signed certificate. */
  tlsVerify: z.boolean().default(true),
  /** Empty: no login (a relay that trusts the network). */
  user: z.string().trim().max(254).default(''),
  from: email,
  to: z.array(email).min(1, 'Enter at least one recipient').max(50, 'At most 50 recipients'),
});

export const alertChannelSchema = z.discriminatedUnion('kind', [
  webhookChannelSchema,
  slackChannelSchema,
  teamsChannelSchema,
  emailChannelSchema,
]);
export type AlertChannel = z.infer<typeof alertChannelSchema>;
export type AlertChannelInput = z.input<typeof alertChannelSchema>;
export type WebhookChannel = z.infer<typeof webhookChannelSchema>;
export type EmailChannel = z.infer<typeof emailChannelSchema>;

/** Channel ids are the server's: short, URL-safe, in paths and the vault's names. */
export const alertChannelIdSchema = z.string().regex(/^ch-[a-z0-9]{8,32}$/, 'not a channel id');

/** Standard Webhooks secrets: "whsec_" and the base64 of 24 to 64 random bytes. */
export const SIGNING_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;

/** One attempt to deliver, as the channel's log shows it. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'dropped';

export interface DeliveryLogEntry {
  readonly at: number;
  readonly notificationId: string;
  readonly notificationKind: string;
  /** 1 for the first try; 0 for a notification dropped before any try. */
  readonly attempt: number;
  readonly outcome: DeliveryOutcome;
  /** The HTTP status the receiver answered, or the SMTP reply code; null when none came. */
  readonly status: number | null;
  /** The receiver's words (HTTP body start, SMTP reply line), or why it failed; never a secret. */
  readonly detail: string | null;
  readonly ms: number | null;
}

/** What the API returns for a channel: never its secret. */
export type AlertChannelView = AlertChannel & {
  readonly id: string;
  readonly secretSet: boolean;
  readonly updatedAt: number;
  /** Its newest log line, for the list's state and last error. */
  readonly last: DeliveryLogEntry | null;
  /** The newest failed attempt's detail, if any attempt ever failed (what the list shows as "last error"). */
  readonly lastError: { readonly at: number; readonly detail: string } | null;
  /** Notifications waiting for a (re)try right now. */
  readonly queued: number;
};

/** The write-only secret of each kind, checked on the way in (never sent back). */
export const channelSecretSchemas: Readonly<Record<ChannelKind, z.ZodType<string>>> = {
  webhook: z
    .string()
    .trim()
    .regex(
      SIGNING_SECRET_PATTERN,
      'Use a Standard Webhooks secret: "whsec_" and the base64 of 24–64 random bytes',
    ),
  slack: httpUrl('Slack webhook URL'),
  teams: httpUrl('Teams webhook URL'),
  email: z.string().min(1, 'Enter the password').max(256, 'Use at most 256 characters for the password'),
};

/** Whether a channel of this configuration needs a secret before it can send. */
export function needsSecret(channel: AlertChannel): boolean {
  return channel.kind !== 'email' || channel.user !== '';
}

/** The most channels one Callboard keeps: each may hold a queue, so their number is bounded too. */
export const MAX_ALERT_CHANNELS = 50;
