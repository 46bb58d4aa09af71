import type { IncomingMessage } from 'node:http';
import type { Auth } from '../auth';
import { type Action, can, isUnauthenticated, REJECTED_CREDENTIALS, type Resource } from '../auth';
import type { Permission } from './router';

/**
 * The two checks of the accounts routes, as their route table's `allow`: the Origin of the request,
 * then whether the caller may do this (401 when nobody is logged in or the token is wrong, 403 when
 * someone is but may not).
 */

export function sameOrigin(auth: Auth, req: IncomingMessage): Permission {
  return auth.originAllowed(req)
    ? { ok: true }
    : { ok: false, status: 403, error: 'cross-origin request refused' };
}

export function accountAccess(auth: Auth, action: Action, resource: Resource = {}) {
  return async (req: IncomingMessage): Promise<Permission> => {
    const origin = sameOrigin(auth, req);
    if (!origin.ok) return origin;
    const principal = await auth.authenticate(req);
    if (can(principal, action, resource)) return { ok: true };
    if (principal.kind === 'rejected') return { ok: false, status: 401, error: REJECTED_CREDENTIALS };
    return isUnauthenticated(principal)
      ? { ok: false, status: 401, error: 'log in first' }
      : { ok: false, status: 403, error: 'not allowed' };
  };
}

/** A positive integer id (`/users/7`), or undefined for anything else. */
export function numericId(segment: string | undefined): number | undefined {
  return segment !== undefined && /^[1-9]\d{0,15}$/.test(segment) ? Number(segment) : undefined;
}
