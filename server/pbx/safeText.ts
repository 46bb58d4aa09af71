import type { WsiAuth } from '../../lib/sources/portsip/commands';

/** Who we log in as, for logs and status: everything but the password. */
export function describeAuth(auth: WsiAuth): string {
  const who = auth.username ? `user ${auth.username}` : `extension ${auth.extension ?? '?'}`;
  return auth.domain ? `${who}@${auth.domain}` : `${who} (system administrator)`;
}

/**
 * A PBX error text is shown on the wallboard and logged; should a PBX ever echo what it was sent,
 * the password must still not get there.
 */
export function redact(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join('***') : text;
}

/** The URL for logs: user info (ws://user:pass@host) stripped. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
