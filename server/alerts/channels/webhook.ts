import { Webhook } from 'standardwebhooks';
import { postJson } from './httpPost';
import type { ChannelSender, OutboundMessage } from './types';

/**
 * The generic outbound webhook: a JSON body signed the Standard Webhooks way (standardwebhooks.com),
 * with the maintained `standardwebhooks` package: `webhook-id` (the same on every retry of one
 * notification: the receiver's idempotency key), `webhook-timestamp` (seconds, this attempt) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the `whsec_` secret.
 */

/** The body: Standard Webhooks' recommended `{ type, timestamp, data }`. */
export function webhookBody(m: OutboundMessage): string {
  const n = m.notification;
  return JSON.stringify({
    type: n.kind,
    timestamp: new Date(n.at).toISOString(),
    data: {
      id: n.id,
      kind: n.kind,
      severity: n.severity,
      boardId: n.boardId,
      boardName: n.boardName,
      title: n.title,
      text: n.text,
      at: n.at,
      path: n.path,
      url: m.link,
    },
  });
}

export function createWebhookSender(now: () => number): ChannelSender {
  return async (channel, message, signal) => {
    if (channel.kind !== 'webhook') throw new TypeError(`not a webhook channel: ${channel.kind}`);
    if (!channel.secret) return { ok: false, status: null, detail: 'no signing secret set', retry: false };
    const body = webhookBody(message);
    const at = new Date(now());
    const signature = new Webhook(channel.secret).sign(message.messageId, at, body);
    return postJson(
      channel.url,
      body,
      {
        'webhook-id': message.messageId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      signal,
    );
  };
}
