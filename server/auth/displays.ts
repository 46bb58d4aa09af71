import type { Display, DisplayStore } from '../storage/types';
import { DISPLAY_TOKEN_PREFIX, hashToken, newToken } from './tokens';

/**
 * Display tokens: one per TV, scoped to one board. The token is handed out once, at creation; only
 * its hash is kept, so a lost token is revoked and replaced, never shown again.
 */
export interface DisplayRegistry {
  create(name: string, boardId: string): Promise<{ display: Display; token: string }>;
  /** A display whose token was made elsewhere (a pairing derives it from the TV's secret): its hash. */
  createForTokenHash(name: string, boardId: string, tokenHash: string): Promise<Display>;
  /**
   * The display a token belongs to, unless unknown or revoked; or, for a revoked one, 'revoked'. One
   * indexed read per request or socket handshake (a TV reconnects rarely, and its socket is admitted
   * once): cheap enough on either database that no cache, with its cross-instance invalidation of a
   * revoke, is wanted.
   */
  resolve(token: string): Promise<Display | 'revoked' | undefined>;
  list(): Promise<Display[]>;
  revoke(id: number): Promise<Display | undefined>;
}

const TOUCH_EVERY_MS = 60_000;

export function createDisplayRegistry(o: {
  readonly store: DisplayStore;
  readonly now: () => number;
}): DisplayRegistry {
  const { store, now } = o;
  return {
    async create(name, boardId) {
      const token = newToken(DISPLAY_TOKEN_PREFIX);
      const display = await store.insert({ name, boardId, tokenHash: hashToken(token), createdAt: now() });
      return { display, token };
    },
    createForTokenHash: (name, boardId, tokenHash) =>
      store.insert({ name, boardId, tokenHash, createdAt: now() }),
    // One read answers both "whose?" and "revoked?" (they were two lookups of the same row).
    async resolve(token) {
      if (!token.startsWith(DISPLAY_TOKEN_PREFIX)) return undefined;
      const display = await store.byTokenHash(hashToken(token));
      if (!display) return undefined;
      if (display.revokedAt !== null) return 'revoked';
      const at = now();
      if (display.lastSeenAt === null || at - display.lastSeenAt >= TOUCH_EVERY_MS)
        await store.touch(display.id, at);
      return display;
    },
    list: () => store.list(),
    revoke: (id) => store.revoke(id, now()),
  };
}
