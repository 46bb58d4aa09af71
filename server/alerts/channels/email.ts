import { createTransport } from 'nodemailer';
import { headline, severityLabel, utcText } from './message';
import { shortText } from './redact';
import type { ChannelSender, Delivery, OutboundMessage } from './types';

/**
 * E-mail over SMTP with nodemailer: one connection per message (alerts are rare; a pool would hold
 * a socket open for nothing). `security` picks implicit TLS (465), STARTTLS that must succeed (587),
 * or plain text; `tlsVerify` off only for a relay with a self-signed certificate.
 */
export interface SmtpTimeouts {
  /** TCP connect, greeting and idle socket limits; the whole attempt is bounded by the queue's deadline. */
  readonly connectMs: number;
  readonly socketMs: number;
}

export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, socketMs: 20_000 };

export function emailText(m: OutboundMessage, channelName: string): { subject: string; text: string } {
  const n = m.notification;
  const lines = [
    headline(n),
    '',
    ...(n.text.trim() !== '' ? [n.text, ''] : []),
    ...(n.boardName ? [`Board: ${n.boardName}`] : []),
    `Severity: ${severityLabel(n)}`,
    `When: ${utcText(n.at)}`,
    ...(m.link ? [`Open: ${m.link}`] : []),
    '',
    `-- Sent by Callboard, channel "${channelName}" (Settings → Alerts).`,
  ];
  return { subject: `[Callboard] ${headline(n)}`, text: lines.join('\n') };
}

export function createEmailSender(timeouts: SmtpTimeouts = DEFAULT_SMTP_TIMEOUTS): ChannelSender {
  return async (channel, message, signal) => {
    if (channel.kind !== 'email') throw new TypeError(`not an e-mail channel: ${channel.kind}`);
    if (channel.user !== '' && !channel.secret)
      return { ok: false, status: null, detail: 'no SMTP password set for the user', retry: false };
    const transport = createTransport({
      host: channel.host,
      port: channel.port,
      secure: channel.security === 'tls',
      requireTLS: channel.security === 'starttls',
      ignoreTLS: channel.security === 'none',
      ...(channel.user !== '' ? { auth: { user: channel.user, pass: channel.secret ?? '' } } : {}),
      tls: { rejectUnauthorized: channel.tlsVerify },
      connectionTimeout: timeouts.connectMs,
      greetingTimeout: timeouts.connectMs,
      socketTimeout: timeouts.socketMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const abort = () => transport.close();
    signal.addEventListener('abort', abort, { once: true });
    const { subject, text } = emailText(message, channel.name);
    try {
      const info = await transport.sendMail({
        from: channel.from,
        to: channel.to,
        subject,
        text,
        // The same on every retry of one notification: mail clients can fold a repeat.
        messageId: `<${message.messageId}@callboard>`,
        headers: {
          'X-Callboard-Notification': `${message.notification.kind} ${message.messageId}`,
        },
      });
      return { ok: true, ...replyOf(info.response), retry: false };
    } catch (err) {
      return failure(err, signal);
    } finally {
      signal.removeEventListener('abort', abort);
      transport.close();
    }
  };
}

/** "250 2.0.0 OK queued" → code 250 and the line. */
function replyOf(response: unknown): { status: number | null; detail: string | null } {
  if (typeof response !== 'string') return { status: null, detail: null };
  const code = /^(\d{3})\b/.exec(response)?.[1];
  return { status: code ? Number(code) : null, detail: shortText(response) };
}

function failure(err: unknown, signal: AbortSignal): Delivery {
  if (signal.aborted)
    return {
      ok: false,
      status: null,
      detail: typeof signal.reason === 'string' ? signal.reason : 'no answer in time',
      retry: true,
    };
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  // SMTP's own rule (RFC 5321 §4.2.1): 4yz is transient, 5yz permanent. Without a reply (connection
  // refused, TLS failed, timed out) a later try may reach it; a refused login will not fix itself.
  const retry = code !== null ? code < 500 : e.code !== 'EAUTH' && e.code !== 'ETLS';
  const words = shortText(e.response ?? e.message ?? String(err));
  return { ok: false, status: code, detail: e.code ? `${e.code}: ${words}` : words, retry };
}
