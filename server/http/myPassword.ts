import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccountError, type Auth, clientIp, isUnauthenticated, type Revocation } from '../auth';
import type { LoginLimiter } from '../auth/loginLimiter';
import type { User } from '../storage/types';
import { json, readJsonBody } from './respond';

/**
 * `POST /api/v1/me/password` `{ currentPassword, newPassword }`: a signed-in person changes their own
 * password. The current one is checked like a login (wrong: 403, counted by the login limiter, so a
 * stolen session cannot guess it faster than the login form); the new one follows the creation
 * policy. Every session of the user ends, this browser gets a fresh one, and the user's sockets are
 * disconnected (this browser's come back with the new cookie). Neither password is logged or returned.
 * The route table checks the method and the Origin.
 */
const bodySchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string(),
});

export function createMyPassword(o: {
  readonly auth: Auth;
  readonly limiter: LoginLimiter;
  readonly logger: Logger;
  readonly revoke: (r: Revocation) => void;
  /** Starts this browser's new session and answers with the cookie. */
  readonly logIn: (req: IncomingMessage, res: ServerResponse, user: User, status: number) => Promise<true>;
}) {
  const { auth, limiter, logger } = o;

  return async function changeMyPassword(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const principal = await auth.authenticate(req);
    if (isUnauthenticated(principal)) return json(res, 401, { error: 'log in first' });
    if (principal.kind !== 'user') return json(res, 403, { error: 'only people have passwords' });
    const user = await auth.accounts.get(principal.userId);
    if (!user) return json(res, 401, { error: 'log in first' });

    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = bodySchema.safeParse(body.value);
    if (!parsed.success)
      return json(res, 400, { error: 'send {"currentPassword": "…", "newPassword": "…"}' });

    const ip = clientIp(req, auth.trustProxy);
    const wait = await limiter.retryAfter(ip, user.email);
    if (wait > 0) {
      logger.warn({ ip, userId: user.id }, 'password change refused: too many failures');
      return json(
        res,
        429,
        { error: 'too many wrong passwords: try later' },
        { 'retry-after': String(wait) },
      );
    }
    if (!(await auth.accounts.checkPassword(user.id, parsed.data.currentPassword))) {
      await limiter.failed(ip, user.email);
      logger.warn({ ip, userId: user.id }, 'password change refused: wrong current password');
      return json(res, 403, { error: 'the current password is wrong' });
    }
    await limiter.succeeded(ip, user.email);
    try {
      if (!(await auth.accounts.setPassword(user.id, parsed.data.newPassword)))
        return json(res, 401, { error: 'log in first' });
    } catch (err) {
      if (err instanceof AccountError) return json(res, err.status, { error: err.message });
      throw err;
    }
    logger.info({ userId: user.id }, 'password changed by its owner; other sessions ended');
    o.revoke({ kind: 'user', userId: user.id, reason: 'password-changed' });
    return o.logIn(req, res, user, 200);
  };
}
