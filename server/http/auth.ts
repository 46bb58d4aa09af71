import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  AccountError,
  type Auth,
  clientIp,
  isHttps,
  REJECTED_CREDENTIALS,
  type Revocation,
  readCookie,
  SESSION_COOKIE,
} from '../auth';
import { createLoginLimiter, type LoginLimiter } from '../auth/loginLimiter';
import { clearedSessionCookie, sessionCookie } from '../auth/request';
import type { BoardStore, User } from '../storage/types';
import { sameOrigin } from './access';
import { createDisplaysApi } from './displays';
import { createMyPassword } from './myPassword';
import { json, readJsonBody } from './respond';
import type { Route } from './router';
import { createUsersApi, userView } from './users';

/**
 * Accounts and access over HTTP: `/api/v1/setup`, `/login`, `/logout`, `/me`, `/me/password`, and
 * the admins' `/users` and `/displays`. The route table checks the Origin of state-changing requests
 * and, for the admins' routes, the caller's permission. Passwords and tokens are never logged; a token appears in a response
 * body only once, when a display is created.
 */
export interface AuthApiOptions {
  readonly auth: Auth;
  readonly boards: Pick<BoardStore, 'get'>;
  readonly logger: Logger;
  /** Failed-login counting; the default allows 5 per address+email and 30 per address in 15 min. */
  readonly loginLimiter?: LoginLimiter;
  /** A credential stopped working: disconnect the sockets it opened (they may reconnect if still valid). */
  readonly onRevoke?: (revoked: Revocation) => void;
  /** "Reload now" for a display's screens; returns how many were told. */
  readonly onReload?: (displayId: number) => number | Promise<number>;
}

const BODY_LIMIT = 8 * 1024;
const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export function createAuthApi(o: AuthApiOptions): Route[] {
  const { auth, logger } = o;
  const limiter = o.loginLimiter ?? createLoginLimiter();
  const revoke = (r: Revocation) => o.onRevoke?.(r);
  const users = createUsersApi({ auth, logger, revoke });
  const displays = createDisplaysApi({
    auth,
    boards: o.boards,
    logger,
    revoke,
    reload: (id) => o.onReload?.(id) ?? 0,
  });

  /** Starts a session (ending any the browser had: no session fixation) and sets the cookie. */
  async function logIn(req: IncomingMessage, res: ServerResponse, user: User, status: number): Promise<true> {
    const previous = readCookie(req, SESSION_COOKIE);
    if (previous) await auth.sessions.end(previous);
    const { token } = await auth.sessions.start(user.id, req.headers['user-agent']);
    const cookie = sessionCookie(token, {
      secure: isHttps(req, auth.trustProxy),
      maxAgeSeconds: auth.sessions.rules.absoluteMs / 1000,
    });
    return json(res, status, { user: userView(user) }, { 'set-cookie': cookie });
  }

  async function credentials(req: IncomingMessage, res: ServerResponse) {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return void json(res, body.status, { error: body.error });
    const parsed = credentialsSchema.safeParse(body.value);
    if (!parsed.success) return void json(res, 400, { error: 'send {"email": "…", "password": "…"}' });
    return parsed.data;
  }

  async function setup(req: IncomingMessage, res: ServerResponse): Promise<true> {
    if (!(await auth.accounts.needsSetup())) return json(res, 409, { error: 'setup is done: log in' });
    const c = await credentials(req, res);
    if (!c) return true;
    if (!z.email().safeParse(c.email).success)
      return json(res, 422, { error: 'email: not an email address' });
    try {
      const admin = await auth.accounts.setUp(c.email, c.password);
      if (!admin) return json(res, 409, { error: 'setup is done: log in' });
      logger.info({ userId: admin.id }, 'first admin created');
      return logIn(req, res, admin, 201);
    } catch (err) {
      if (err instanceof AccountError) return json(res, err.status, { error: err.message });
      throw err;
    }
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const c = await credentials(req, res);
    if (!c) return true;
    const ip = clientIp(req, auth.trustProxy);
    const wait = await limiter.retryAfter(ip, c.email);
    if (wait > 0) {
      logger.warn({ ip }, 'login refused: too many failures');
      return json(res, 429, { error: 'too many failed logins: try later' }, { 'retry-after': String(wait) });
    }
    const user = await auth.accounts.verify(c.email, c.password);
    if (!user) {
      await limiter.failed(ip, c.email);
      // No email in the log: people type their password into the email field.
      logger.warn({ ip }, 'login failed');
      return json(res, 401, { error: 'wrong email or password' });
    }
    await limiter.succeeded(ip, c.email);
    logger.info({ userId: user.id, ip }, 'logged in');
    return logIn(req, res, user, 200);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const token = readCookie(req, SESSION_COOKIE);
    const live = token ? await auth.sessions.resume(token) : undefined;
    if (token) await auth.sessions.end(token);
    if (live) revoke({ kind: 'user', userId: live.user.id, reason: 'logout' });
    const cleared = clearedSessionCookie(isHttps(req, auth.trustProxy));
    return json(res, 200, { loggedOut: live !== undefined }, { 'set-cookie': cleared });
  }

  async function me(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const principal = await auth.authenticate(req);
    switch (principal.kind) {
      case 'user': {
        const user = await auth.accounts.get(principal.userId);
        return user
          ? json(res, 200, { kind: 'user', ...userView(user) })
          : json(res, 401, { error: 'log in first' });
      }
      case 'display':
        return json(res, 200, {
          kind: 'display',
          displayId: principal.displayId,
          boardId: principal.boardId,
        });
      case 'api':
        return json(res, 200, { kind: 'api' });
      case 'anonymous':
        return json(res, 401, { error: 'log in first' });
      case 'rejected':
        return json(res, 401, { error: REJECTED_CREDENTIALS });
    }
  }

  const origin = (req: IncomingMessage) => sameOrigin(auth, req);
  return [
    {
      method: 'GET',
      path: '/api/v1/setup',
      handle: async (_req, res) => json(res, 200, { needsSetup: await auth.accounts.needsSetup() }),
    },
    { method: 'POST', path: '/api/v1/setup', allow: origin, handle: setup },
    { method: 'POST', path: '/api/v1/login', allow: origin, handle: login },
    { method: 'POST', path: '/api/v1/logout', allow: origin, handle: logout },
    { method: 'GET', path: '/api/v1/me', handle: me },
    {
      method: 'POST',
      path: '/api/v1/me/password',
      allow: origin,
      handle: createMyPassword({ auth, limiter, logger, revoke, logIn }),
    },
    ...users,
    ...displays,
  ];
}
