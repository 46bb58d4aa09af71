import { createHash } from 'node:crypto';
import type { AlertNotification, NotificationKind } from '../notification';
import type { OutboundMessage } from './types';

/** The words every channel uses for a notification, so Slack, Teams, e-mail and JSON agree. */

const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  'alert.raised': 'Alert',
  'alert.acknowledged': 'Acknowledged',
  'alert.cleared': 'Cleared',
  'display.offline': 'Display offline',
  'display.back': 'Display back',
  test: 'Test',
};

export const severityLabel = (n: AlertNotification) => (n.severity === 'critical' ? 'Critical' : 'Warning');

/**
 * One line for a subject, a chat header or a notification preview: "Critical alert: Sales: 7 waiting".
 * A raised alert says its severity; the rest say what happened (never colour alone: the word is there).
 */
export function headline(n: AlertNotification): string {
  const what =
    n.kind === 'alert.raised' ? `${severityLabel(n)} alert` : (KIND_LABELS[n.kind] ?? String(n.kind));
  return `${what}: ${n.title}`;
}

/** "2026-12-07 06:40:03 UTC": the server's clock, spelled the same for every reader. */
export function utcText(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The notification's path on this Callboard, absolute with PUBLIC_URL (which may carry a base path). */
export function linkOf(n: AlertNotification, publicUrl: string | null): string | null {
  if (publicUrl === null || n.path === null || !n.path.startsWith('/')) return null;
  return `${publicUrl.replace(/\/+$/, '')}${n.path}`;
}

/**
 * Standard Webhooks' message id, stable per (notification id, kind): a hash, so whatever the id holds
 * the header stays short and printable.
 */
export function messageIdOf(n: Pick<AlertNotification, 'id' | 'kind'>): string {
  const digest = createHash('sha256').update(`${n.kind}\u0000${n.id}`).digest('base64url');
  return `msg_${digest.slice(0, 24)}`;
}

export function outboundMessage(n: AlertNotification, publicUrl: string | null): OutboundMessage {
  return { notification: n, messageId: messageIdOf(n), link: linkOf(n, publicUrl) };
}
