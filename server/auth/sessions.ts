import type { SessionStore, User } from '../storage/types';
import { hashToken, newToken } from './tokens';

/**
 * People's login sessions. The cookie carries a random token; the database only its hash. A session
 * ends after `idleMs` without a request, and `absoluteMs` after login whatever the activity.
 */
export interface SessionRules {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

export const ABSOLUTE_SESSION_MS = 7 * 24 * 3600_000;
/** last_seen is written at most this often: a board polling every second must not write every second. */
const TOUCH_EVERY_MS = 60_000;

export interface Sessions {
  /** A new session for the user; the token is for the cookie only (never logged, never stored). */
  start(userId: number, userAgent: string | undefined): Promise<{ token: string; expiresAt: number }>;
  /**
   * The live session's user, or undefined (unknown, idle too long, or past its end: then deleted).
   * One indexed read per request (and a write at most once a minute); on a network database that is
   * one round trip per authenticated request, which is what keeps a revocation or a role change
   * immediate on every instance (a cache per instance would need a cross-instance invalidation).
   */
  resume(token: string): Promise<{ sessionId: string; user: User } | undefined>;
  end(token: string): Promise<void>;
  endAllFor(userId: number): Promise<void>;
  /** Deletes sessions that can no longer be resumed (housekeeping). */
  prune(): Promise<number>;
  readonly rules: SessionRules;
}

export function createSessions(o: {
  readonly store: SessionStore;
  readonly now: () => number;
  readonly rules: SessionRules;
}): Sessions {
  const { store, now, rules } = o;
  return {
    rules,
    async start(userId, userAgent) {
      const token = newToken();
      const at = now();
      const expiresAt = at + rules.absoluteMs;
      await store.insert({
        id: hashToken(token),
        userId,
        createdAt: at,
        lastSeenAt: at,
        expiresAt,
        // Only for an admin's "where am I logged in" list; bounded so a header cannot bloat the row.
        userAgent: userAgent?.slice(0, 200) ?? null,
      });
      return { token, expiresAt };
    },
    async resume(token) {
      const id = hashToken(token);
      const found = await store.get(id);
      if (!found) return undefined;
      const at = now();
      const { session } = found;
      if (at >= session.expiresAt || at - session.lastSeenAt >= rules.idleMs) {
        await store.delete(id);
        return undefined;
      }
      if (at - session.lastSeenAt >= TOUCH_EVERY_MS) await store.touch(id, at);
      return { sessionId: id, user: found.user };
    },
    async end(token) {
      await store.delete(hashToken(token));
    },
    async endAllFor(userId) {
      await store.deleteForUser(userId);
    },
    prune() {
      const at = now();
      return store.deleteExpired(at, at - rules.idleMs);
    },
  };
}
