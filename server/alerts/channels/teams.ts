import { postJson } from './httpPost';
import { headline, severityLabel, utcText } from './message';
import type { ChannelSender, OutboundMessage } from './types';

/**
 * A Microsoft Teams webhook: a message carrying one Adaptive Card, the format Teams documents for
 * both incoming webhooks and the Workflows app's "when a Teams webhook request is received" flows
 * (which replace the retired Office 365 connectors and their MessageCards). The URL is the secret.
 */

export function teamsBody(m: OutboundMessage): Record<string, unknown> {
  const n = m.notification;
  const iso = new Date(n.at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const facts = [
    ...(n.boardName ? [{ title: 'Board', value: n.boardName }] : []),
    { title: 'Severity', value: severityLabel(n) },
    // Teams renders DATE()/TIME() in each reader's timezone.
    { title: 'When', value: `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}` },
  ];
  const color =
    n.kind === 'alert.cleared' || n.kind === 'display.back'
      ? 'Good'
      : n.severity === 'critical'
        ? 'Attention'
        : 'Warning';
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.2',
    // What a notification banner shows.
    fallbackText: `${headline(n)} (${utcText(n.at)})`,
    body: [
      { type: 'TextBlock', text: headline(n), weight: 'Bolder', size: 'Medium', color, wrap: true },
      ...(n.text.trim() !== '' ? [{ type: 'TextBlock', text: n.text, wrap: true }] : []),
      { type: 'FactSet', facts },
    ],
    ...(m.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in Callboard', url: m.link }] } : {}),
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}

export const sendTeams: ChannelSender = (channel, message, signal) => {
  if (!channel.secret)
    return Promise.resolve({ ok: false, status: null, detail: 'no webhook URL set', retry: false });
  return postJson(channel.secret, JSON.stringify(teamsBody(message)), {}, signal);
};
