import type { Display, DisplayStore } from '../storage/types';
import { DISPLAY_TOKEN_PREFIX, hashToken, newToken } from './tokens';

/**
 * Display tokens: one per TV, scoped to one board. The token is handed out once, at creation; only
 * its hash is kept, so a lost token is revoked and replaced, never shown again.
 */
export interface DisplayRegistry {
  create(name: string, boardId: string): { display: Display; token: string };
  /** The display a token belongs to, unless unknown or revoked. */
  resolve(token: string): Display | undefined;
  /** Whether a token is a display's that was revoked (not merely unknown). */
  isRevoked(token: string): boolean;
  list(): Display[];
  revoke(id: number): Display | undefined;
}

const TOUCH_EVERY_MS = 60_000;

export function createDisplayRegistry(o: {
  readonly store: DisplayStore;
  readonly now: () => number;
}): DisplayRegistry {
  const { store, now } = o;
  return {
    create(name, boardId) {
      const token = newToken(DISPLAY_TOKEN_PREFIX);
      const display = store.insert({ name, boardId, tokenHash: hashToken(token), createdAt: now() });
      return { display, token };
    },
    resolve(token) {
      if (!token.startsWith(DISPLAY_TOKEN_PREFIX)) return undefined;
      const display = store.byTokenHash(hashToken(token));
      if (!display || display.revokedAt !== null) return undefined;
      const at = now();
      if (display.lastSeenAt === null || at - display.lastSeenAt >= TOUCH_EVERY_MS)
        store.touch(display.id, at);
      return display;
    },
    isRevoked(token) {
      if (!token.startsWith(DISPLAY_TOKEN_PREFIX)) return false;
      return (store.byTokenHash(hashToken(token))?.revokedAt ?? null) !== null;
    },
    list: () => store.list(),
    revoke: (id) => store.revoke(id, now()),
  };
}
