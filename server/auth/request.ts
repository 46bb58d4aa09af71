import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * What auth needs to know about a request: cookies, whether it came over https, the client's address
 * and the origin it was sent to. Forwarded headers count only with TRUST_PROXY, and then only the
 * last hop's (the one our proxy wrote): anything further left was written by the client.
 */
export const SESSION_COOKIE = 'callboard_session';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The last value of a (possibly repeated, comma-joined) forwarded header. */
function lastForwarded(req: IncomingMessage, header: string): string | undefined {
  const raw = req.headers[header];
  const joined = Array.isArray(raw) ? raw.join(',') : raw;
  const last = joined?.split(',').pop()?.trim();
  return last === '' ? undefined : last;
}

export function isHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  return trustProxy && lastForwarded(req, 'x-forwarded-proto')?.toLowerCase() === 'https';
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? lastForwarded(req, 'x-forwarded-for') : undefined;
  return forwarded ?? req.socket.remoteAddress ?? 'unknown';
}

/** `https://host:port` as the browser addressed this server. Undefined without a Host header. */
export function ownOrigin(req: IncomingMessage, trustProxy: boolean): string | undefined {
  const host = (trustProxy ? lastForwarded(req, 'x-forwarded-host') : undefined) ?? req.headers.host;
  if (!host) return undefined;
  return `${isHttps(req, trustProxy) ? 'https' : 'http'}://${host}`.toLowerCase();
}

/**
 * The session cookie: httpOnly (no script reads it), SameSite=Strict (no other site's page sends it),
 * Secure over https. Max-Age is the absolute session length; idleness is enforced by the server.
 */
export function sessionCookie(token: string, o: { secure: boolean; maxAgeSeconds: number }): string {
  const attributes = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  attributes.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`);
  if (o.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}
