import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccountError, type Auth, type Revocation } from '../auth';
import type { User } from '../storage/types';
import { authorized, numericId, originChecked, pathOf } from './access';
import { json, methodNotAllowed, readJsonBody } from './respond';

/** `GET|POST /api/v1/users`, `DELETE /api/v1/users/<id>`: admins only. Password hashes never leave. */
const PREFIX = '/api/v1/users';

const newUserSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'not an email address' })),
  password: z.string(),
  role: z.enum(['admin', 'supervisor']),
});

export const userView = (u: User) => ({ id: u.id, email: u.email, role: u.role, createdAt: u.createdAt });

export function createUsersApi(o: {
  readonly auth: Auth;
  readonly logger: Logger;
  readonly revoke: (r: Revocation) => void;
}) {
  const { auth, logger } = o;

  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = newUserSchema.safeParse(body.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return json(res, 422, { error: `${issue?.path.join('.') || 'user'}: ${issue?.message}` });
    }
    try {
      const user = await auth.accounts.create(parsed.data.email, parsed.data.password, parsed.data.role);
      logger.info({ userId: user.id, role: user.role }, 'user created');
      return json(res, 201, { user: userView(user) });
    } catch (err) {
      if (err instanceof AccountError) return json(res, err.status, { error: err.message });
      throw err;
    }
  }

  function remove(res: ServerResponse, id: number, by: number | null): true {
    // Self-deletion would lock the admin out mid-session; another admin can do it.
    if (id === by) return json(res, 409, { error: 'you cannot delete your own account' });
    const result = auth.accounts.remove(id);
    if (result === 'not-found') return json(res, 404, { error: `no user ${id}` });
    if (result === 'last-admin') return json(res, 409, { error: 'the last admin cannot be deleted' });
    logger.info({ userId: id }, 'user deleted');
    o.revoke({ kind: 'user', userId: id, reason: 'deleted' });
    return json(res, 200, { deleted: id });
  }

  return async function handleUsers(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = pathOf(req);
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    const id = numericId(path, PREFIX);
    const allowed = id === null ? 'GET, POST' : 'DELETE';
    if (!allowed.split(', ').includes(req.method ?? '')) return methodNotAllowed(res, allowed);
    if (!originChecked(auth, req, res)) return true;
    const principal = authorized(auth, req, res, 'users:manage');
    if (!principal) return true;
    if (id === undefined) return json(res, 404, { error: 'no such user' });
    if (id !== null) return remove(res, id, principal.kind === 'user' ? principal.userId : null);
    if (req.method === 'GET') return json(res, 200, { users: auth.accounts.list().map(userView) });
    return create(req, res);
  };
}
