import type { IncomingMessage } from 'node:http';
import { ownOrigin, readCookie, SESSION_COOKIE } from './request';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard for every state-changing request: Origin (or, when a browser sent
 * none, Referer's origin) must be this server as the browser addressed it. Only cookies ride along
 * uninvited, so a request carrying no session cookie (Bearer tokens, webhooks, scripts) cannot be
 * forged this way and is let through; its credentials are checked by the handler as always.
 */
export function originAllowed(req: IncomingMessage, o: { readonly trustProxy: boolean }): boolean {
  return !STATE_CHANGING.has(req.method ?? '') || fromOwnPagesIfCookied(req, o);
}

/**
 * The same rule for any method: a Socket.IO handshake is a GET, yet a socket opened by another
 * site's page with the visitor's cookie would read the board (cross-site WebSocket hijacking).
 */
export function fromOwnPagesIfCookied(req: IncomingMessage, o: { readonly trustProxy: boolean }): boolean {
  if (readCookie(req, SESSION_COOKIE) === undefined) return true;
  const expected = ownOrigin(req, o.trustProxy);
  if (!expected) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) return origin.toLowerCase() === expected;
  const referer = req.headers.referer;
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin.toLowerCase() === expected;
  } catch {
    return false;
  }
}
