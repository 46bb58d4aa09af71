import type { IncomingMessage } from 'node:http';
import type { DisplayRegistry } from './displays';
import { ANONYMOUS, type Principal, REJECTED, REVOKED } from './principal';
import { readCookie, SESSION_COOKIE } from './request';
import type { Sessions } from './sessions';
import { sameSecret } from './tokens';

/** The credentials a request (or a socket handshake) may carry. */
export interface Credentials {
  /** The session cookie's value. */
  readonly sessionToken?: string | undefined;
  /** `Authorization: Bearer …` (or a socket's `auth.token`): the API token or a display token. */
  readonly bearer?: string | undefined;
  /** `?token=` of a kiosk URL: display tokens only (an API token in a URL ends up in logs). */
  readonly queryToken?: string | undefined;
  /** An `Authorization` header that is not `Bearer <token>`: presented, so never anonymous. */
  readonly otherAuthorization?: boolean;
}

export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<Principal>;
  principalOf(credentials: Credentials): Promise<Principal>;
}

export function credentialsOf(req: IncomingMessage): Credentials {
  const h = req.headers.authorization;
  const bearer = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
  const q = (req.url ?? '').indexOf('?');
  const queryToken =
    q < 0 ? undefined : (new URLSearchParams(req.url?.slice(q + 1)).get('token') ?? undefined);
  return {
    sessionToken: readCookie(req, SESSION_COOKIE),
    bearer,
    queryToken,
    ...(h !== undefined && !bearer ? { otherAuthorization: true } : {}),
  };
}

/** A Socket.IO handshake: the cookie from its HTTP request, a token from `auth: { token }` or `?token=`. */
export function handshakeCredentials(req: IncomingMessage, handshakeAuth: unknown): Credentials {
  const token = (handshakeAuth as { token?: unknown } | null | undefined)?.token;
  const c = credentialsOf(req);
  if (typeof token === 'string' && token !== '') return { ...c, bearer: token };
  // Something other than a token string (a number, an object) was sent as one: presented, not valid.
  if (token !== undefined && token !== null && token !== '') return { ...c, otherAuthorization: true };
  return c;
}

/**
 * One rule for HTTP and sockets. Explicit tokens win over the cookie. Any credential that is presented
 * but not valid (unknown, revoked or expired token, ended session, another Authorization scheme) gives
 * REJECTED, never a fallback: not to the cookie (a revoked display must not keep working because a
 * person once logged in on the same browser) and not to anonymous (which may watch DEMO=1's board).
 */
export function createAuthenticator(o: {
  readonly sessions: Sessions;
  readonly displays: DisplayRegistry;
  readonly apiToken: string | null;
}): Authenticator {
  async function fromToken(token: string, apiAllowed: boolean): Promise<Principal> {
    if (apiAllowed && o.apiToken !== null && sameSecret(token, o.apiToken)) return { kind: 'api' };
    const display = await o.displays.resolve(token);
    if (display === 'revoked') return REVOKED;
    if (display) return { kind: 'display', displayId: display.id, boardId: display.boardId };
    return REJECTED;
  }

  async function principalOf(c: Credentials): Promise<Principal> {
    if (c.bearer) return fromToken(c.bearer, true);
    if (c.otherAuthorization) return REJECTED;
    if (c.queryToken) return fromToken(c.queryToken, false);
    if (c.sessionToken) {
      const live = await o.sessions.resume(c.sessionToken);
      return live ? { kind: 'user', role: live.user.role, userId: live.user.id } : REJECTED;
    }
    return ANONYMOUS;
  }

  return { principalOf, authenticate: (req) => principalOf(credentialsOf(req)) };
}
