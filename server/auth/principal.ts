import type { UserRole } from '../storage/types';

/**
 * Who is asking, as decided by authenticate() from the request's credentials. Every handler decides
 * what that principal may do with policy.can(); nothing is allowed by default.
 */
export type Principal =
  | { readonly kind: 'user'; readonly role: UserRole; readonly userId: number }
  | { readonly kind: 'display'; readonly displayId: number; readonly boardId: string }
  /** The API_TOKEN (automation, scripts). */
  | { readonly kind: 'api' }
  /** No credentials at all. May watch a public board (DEMO=1), nothing else. */
  | { readonly kind: 'anonymous' }
  /**
   * Credentials were sent and are not valid: an unknown, revoked or expired token, an ended session, a
   * scheme we do not take. Never treated as anonymous (no public board): a revoked display must see
   * "unauthorized", not carry on as a demo viewer.
   */
  | {
      readonly kind: 'rejected';
      /** A display token that was valid and is revoked: its screen says so rather than "invalid". */
      readonly revoked?: true;
    };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
export const REJECTED: Principal = Object.freeze({ kind: 'rejected' });
export const REVOKED: Principal = Object.freeze({ kind: 'rejected', revoked: true });

/** Nobody identified: the 401 cases (a 403 is for someone known who may not). */
export function isUnauthenticated(p: Principal): boolean {
  return p.kind === 'anonymous' || p.kind === 'rejected';
}

/** The 401's reason for a rejected credential (the anonymous one is each route's own "log in first"). */
export const REJECTED_CREDENTIALS = 'the credentials sent are not valid (unknown, expired or revoked)';

/** A short, secret-free description for logs: "user 3 (admin)", "display 7 (board sales)". */
export function describePrincipal(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return `user ${p.userId} (${p.role})`;
    case 'display':
      return `display ${p.displayId} (board ${p.boardId})`;
    default:
      return p.kind;
  }
}

/**
 * A credential that stopped working (logout, deleted user, new password, revoked display) or a role
 * that changed: its sockets must go.
 */
export type Revocation =
  | { readonly kind: 'display'; readonly displayId: number }
  | {
      readonly kind: 'user';
      readonly userId: number;
      /** A role change keeps the sessions; its sockets come back through the handshake with the new role. */
      readonly reason: 'logout' | 'deleted' | 'password-changed' | 'role-changed';
    };
