import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from '../auth';
import {
  type Action,
  can,
  isUnauthenticated,
  type Principal,
  REJECTED_CREDENTIALS,
  type Resource,
} from '../auth';
import { json } from './respond';

/**
 * The two checks every accounts route makes itself: the Origin of a state-changing request, and
 * whether the caller may do this. Each writes the refusal and returns undefined/false when it fails.
 */

export function originChecked(auth: Auth, req: IncomingMessage, res: ServerResponse): boolean {
  if (auth.originAllowed(req)) return true;
  json(res, 403, { error: 'cross-origin request refused' });
  return false;
}

/** 401 when nobody is logged in (or the token is wrong), 403 when someone is but may not. */
export function authorized(
  auth: Auth,
  req: IncomingMessage,
  res: ServerResponse,
  action: Action,
  resource: Resource = {},
): Principal | undefined {
  const principal = auth.authenticate(req);
  if (can(principal, action, resource)) return principal;
  if (principal.kind === 'rejected') json(res, 401, { error: REJECTED_CREDENTIALS });
  else if (isUnauthenticated(principal)) json(res, 401, { error: 'log in first' });
  else json(res, 403, { error: 'not allowed' });
  return undefined;
}

/** `/prefix` → null, `/prefix/<id>` → the positive integer id, anything else → undefined. */
export function numericId(path: string, prefix: string): number | null | undefined {
  if (path === prefix || path === `${prefix}/`) return null;
  if (!path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length + 1);
  return /^[1-9]\d{0,15}$/.test(rest) ? Number(rest) : undefined;
}

export const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0] ?? '/';
