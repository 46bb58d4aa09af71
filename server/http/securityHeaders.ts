import type { IncomingMessage, ServerResponse } from 'node:http';
import { ownOrigin } from '../auth/request';
import type { Config } from '../config';

/**
 * The security headers of every response (API, webhook, Next's pages and files, errors), set on
 * `res` before any handler runs: Node merges them into whatever the handler writes.
 *
 * - Content-Security-Policy, as the Next.js guide gives it for pages without nonces: Next inlines its
 *   bootstrap scripts, and a nonce would need every page rendered per request (the boards are static).
 *   So scripts and styles come from this origin or inline, nothing from elsewhere; no plugins, no
 *   <base>, forms post here only. 'unsafe-eval' only in development (React's debugging needs it).
 *   connect-src: this origin, and its ws:/wss: form named outright (Socket.IO and Next's dev reload
 *   are websockets; older browsers do not let 'self' cover them).
 * - frame-ancestors 'none' and X-Frame-Options DENY: no page is meant to be framed (clickjacking).
 * - X-Content-Type-Options nosniff: a JSON or text body is never run as a script.
 * - Referrer-Policy no-referrer: kiosk URLs carry their display token in `?token=`; no request to
 *   anywhere may carry it on in a Referer.
 */
export type SecurityHeaderOptions = Pick<Config, 'production'> & {
  readonly access: Pick<Config['access'], 'trustProxy'>;
};

export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  o: SecurityHeaderOptions,
): void {
  res.setHeader('content-security-policy', contentSecurityPolicy(req, o));
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}

export function contentSecurityPolicy(req: IncomingMessage, o: SecurityHeaderOptions): string {
  const socket = socketOrigin(ownOrigin(req, o.access.trustProxy));
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${o.production ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${socket ? ` ${socket}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * `ws://host[:port]` for `http://…`, `wss://…` for `https://…`. The Host header is the client's own
 * word, so anything but a plain host[:port] is left out rather than written into the policy.
 */
function socketOrigin(origin: string | undefined): string | undefined {
  const m = origin ? /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/.exec(origin) : null;
  if (!m) return undefined;
  return `${m[1] === 'https' ? 'wss' : 'ws'}://${m[2]}${m[3] ?? ''}`;
}
