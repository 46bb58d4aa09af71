import { postJson } from './httpPost';
import { headline, severityLabel, utcText } from './message';
import type { ChannelSender, OutboundMessage } from './types';

/**
 * A Slack incoming webhook (api.slack.com/messaging/webhooks): `text` (the notification preview and
 * the fallback) and Block Kit `blocks`. The webhook URL is the secret: whoever holds it can post.
 */

/** Slack's mrkdwn treats these three as control characters (api.slack.com/reference/surfaces/formatting#escaping). */
const mrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function slackBody(m: OutboundMessage): Record<string, unknown> {
  const n = m.notification;
  const seconds = Math.floor(n.at / 1000);
  const context = [
    n.boardName ? `Board: *${mrkdwn(n.boardName)}*` : null,
    n.kind === 'alert.raised' ? `Severity: *${severityLabel(n)}*` : null,
    // Slack shows the time in each reader's own timezone; the fallback is UTC.
    `<!date^${seconds}^{date_short_pretty} {time_secs}|${utcText(n.at)}>`,
  ].filter((s): s is string => s !== null);
  const blocks: Record<string, unknown>[] = [
    // Header blocks take plain text up to 150 characters.
    { type: 'header', text: { type: 'plain_text', text: cut(headline(n), 150), emoji: false } },
  ];
  if (n.text.trim() !== '')
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(mrkdwn(n.text), 3000) } });
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  if (m.link)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Callboard' }, url: m.link }],
    });
  return { text: cut(headline(n), 3000), blocks };
}

export const sendSlack: ChannelSender = (channel, message, signal) => {
  if (!channel.secret)
    return Promise.resolve({ ok: false, status: null, detail: 'no webhook URL set', retry: false });
  return postJson(channel.secret, JSON.stringify(slackBody(message)), {}, signal);
};
