import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { newUserSchema, roleSchema } from '../../lib/settings/users';
import { AccountError, type Auth, type Revocation } from '../auth';
import type { User } from '../storage/types';
import { accountAccess, numericId } from './access';
import { invalid, json, readJsonBody } from './respond';
import type { Params, Route } from './router';

/**
 * `GET|POST /api/v1/users`, `PATCH|DELETE /api/v1/users/<id>` (the role), `POST
 * /api/v1/users/<id>/password` (a reset): admins only. Password hashes never leave; passwords are
 * never logged. A reset ends the user's sessions and sockets; a role change keeps the sessions (they
 * read the role per request) and sends the sockets back through the handshake.
 */
const PREFIX = '/api/v1/users';

const resetSchema = z.object({ password: z.string() });
const roleChangeSchema = z.object({ role: roleSchema });

/** "a user with this email exists" as the form shows it under the field. */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const userView = (u: User) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt });

export function createUsersApi(o: {
  readonly auth: Auth;
  readonly logger: Logger;
  readonly revoke: (r: Revocation) => void;
}): Route[] {
  const { auth, logger } = o;

  /** The body, parsed; or undefined after a 4xx reply naming the first problem. */
  async function parsedBody<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>) {
    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return void json(res, body.status, { error: body.error });
    const parsed = schema.safeParse(body.value);
    if (parsed.success) return parsed.data;
    return void invalid(res, parsed.error);
  }

  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const data = await parsedBody(req, res, newUserSchema);
    if (!data) return true;
    try {
      const user = await auth.accounts.create(data.email, data.password, data.role);
      logger.info({ userId: user.id, role: user.role }, 'user created');
      return json(res, 201, { user: userView(user) });
    } catch (err) {
      if (err instanceof AccountError && err.status === 409)
        return json(res, 409, {
          error: err.message,
          issues: [{ path: 'email', message: sentence(err.message) }],
        });
      if (err instanceof AccountError) return json(res, err.status, { error: err.message });
      throw err;
    }
  }

  async function remove(res: ServerResponse, id: number, by: number | null): Promise<true> {
    // Self-deletion would lock the admin out mid-session; another admin can do it.
    if (id === by) return json(res, 409, { error: 'you cannot delete your own account' });
    const result = await auth.accounts.remove(id);
    if (result === 'not-found') return json(res, 404, { error: `no user ${id}` });
    if (result === 'last-admin') return json(res, 409, { error: 'the last admin cannot be deleted' });
    logger.info({ userId: id }, 'user deleted');
    o.revoke({ kind: 'user', userId: id, reason: 'deleted' });
    return json(res, 200, { deleted: id });
  }

  async function reset(req: IncomingMessage, res: ServerResponse, id: number, by: number | null) {
    // One's own password needs the current one (POST /api/v1/me/password), even for an admin.
    if (id === by)
      return json(res, 409, { error: 'change your own password with your current one (Change my password)' });
    const data = await parsedBody(req, res, resetSchema);
    if (!data) return true;
    try {
      if (!(await auth.accounts.setPassword(id, data.password)))
        return json(res, 404, { error: `no user ${id}` });
    } catch (err) {
      if (err instanceof AccountError) return json(res, err.status, { error: err.message });
      throw err;
    }
    logger.info({ userId: id, by }, 'password reset by an admin; the user was logged out');
    o.revoke({ kind: 'user', userId: id, reason: 'password-changed' });
    const user = await auth.accounts.get(id);
    return json(res, 200, { user: user && userView(user) });
  }

  async function changeRole(req: IncomingMessage, res: ServerResponse, id: number, by: number | null) {
    const data = await parsedBody(req, res, roleChangeSchema);
    if (!data) return true;
    const result = await auth.accounts.setRole(id, data.role);
    if (result === 'not-found') return json(res, 404, { error: `no user ${id}` });
    if (result === 'last-admin') return json(res, 409, { error: 'the last admin cannot be demoted' });
    if (result === 'changed') {
      logger.info({ userId: id, role: data.role, by }, 'role changed');
      o.revoke({ kind: 'user', userId: id, reason: 'role-changed' });
    }
    const user = await auth.accounts.get(id);
    return json(res, 200, { user: user && userView(user) });
  }

  /** Runs `then` with the user id and the admin's own id; a malformed id is no such user (404). */
  const withId =
    (then: (req: IncomingMessage, res: ServerResponse, id: number, by: number | null) => unknown) =>
    async (req: IncomingMessage, res: ServerResponse, p: Params) => {
      const id = numericId(p.id);
      if (id === undefined) return json(res, 404, { error: 'no such user' });
      const principal = await auth.authenticate(req);
      return then(req, res, id, principal.kind === 'user' ? principal.userId : null);
    };
  const allow = accountAccess(auth, 'users:manage');
  return [
    {
      method: 'GET',
      path: PREFIX,
      allow,
      handle: async (_req, res) => json(res, 200, { users: (await auth.accounts.list()).map(userView) }),
    },
    { method: 'POST', path: PREFIX, allow, handle: create },
    { method: 'PATCH', path: `${PREFIX}/:id`, allow, handle: withId(changeRole) },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow,
      handle: withId((_req, res, id, by) => remove(res, id, by)),
    },
    { method: 'POST', path: `${PREFIX}/:id/password`, allow, handle: withId(reset) },
  ];
}
