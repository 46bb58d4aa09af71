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
  | { readonly kind: 'anonymous' };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

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
