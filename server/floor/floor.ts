import type { Logger } from 'pino';
import type { FloorMessageView, FloorSeverity } from '../../lib/protocol';
import type { FloorMessageStore, StoredFloorMessage } from '../storage/floorMessages';
import { timerDelay } from '../timerDelay';

/**
 * Floor messages (issue #18): posted to one or more boards, shown on their kiosks and pages until
 * they expire or someone removes them. The server's clock decides expiry: one timer, armed for the
 * next expiry, tells the viewers when a message goes; the browser never expires anything itself.
 * Every change hands the active list to `onChange` (the socket link filters it per viewer), with
 * its cause: a person's edit here (the other instances are told), or an expiry (every instance's
 * own timer sees it).
 */
export const FLOOR_LIMITS = {
  /** Readable on a TV in one glance; a ticker longer than this is a document. */
  maxText: 280,
  maxBoards: 50,
  /** Active at once: a screen shows a few; more is a mistake or abuse. */
  maxActive: 20,
  minExpirySeconds: 10,
  maxExpirySeconds: 7 * 24 * 3600,
} as const;

export type FloorChange = 'edit' | 'expiry';

export interface NewFloorMessage {
  readonly text: string;
  readonly severity: FloorSeverity;
  readonly boardIds: readonly string[];
  /** null: until removed. */
  readonly expiresInSeconds: number | null;
}

export type PostResult =
  | { ok: true; message: StoredFloorMessage }
  | { ok: false; status: 409 | 422; error: string };

export const viewOf = (m: StoredFloorMessage): FloorMessageView => ({
  id: m.id,
  text: m.text,
  severity: m.severity,
  boardIds: m.boardIds,
  postedAt: m.postedAt,
  expiresAt: m.expiresAt,
});

export async function createFloor(o: {
  readonly store: FloorMessageStore;
  readonly now: () => number;
  readonly boardExists: (id: string) => Promise<boolean>;
  readonly onChange: (active: readonly FloorMessageView[], cause: FloorChange) => void;
  readonly logger: Logger;
}) {
  // The active list is kept here (what a greeted socket gets at once) and re-read after each change.
  let active: readonly FloorMessageView[] = (await o.store.active(o.now())).map(viewOf);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  /**
   * Re-reads the active list, tells the viewers when it changed (unless `cause` is null: another
   * instance made the change and told them), and arms the next expiry.
   */
  async function refreshOnce(cause: FloorChange | null): Promise<void> {
    const next = (await o.store.active(o.now())).map(viewOf);
    if (stopped) return;
    const changed = next.length !== active.length || next.some((m, i) => m.id !== active[i]?.id);
    active = next;
    if (changed && cause) o.onChange(active, cause);
    arm();
  }
  // One read at a time, in order: an older read finishing last must not bring a removed message back.
  let turn: Promise<void> = Promise.resolve();
  function refresh(cause: FloorChange | null): Promise<void> {
    turn = turn
      .then(() => refreshOnce(cause))
      .catch((err: unknown) => {
        o.logger.error({ err }, 'floor: could not read the active messages');
      });
    return turn;
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const expiries = active.map((m) => m.expiresAt).filter((t): t is number => t !== null);
    if (expiries.length === 0) return;
    // +1: the store keeps a message while expires_at > now, so fire just past it.
    const delay = timerDelay(Math.min(...expiries) - o.now() + 1);
    timer = setTimeout(() => void refresh('expiry'), delay);
    timer.unref();
  }
  arm();

  return {
    active: () => active,
    /** Another instance changed the list (server/realtime/clusterMessages.ts): read it again. */
    reread: () => refresh(null),
    /** The newest messages whatever their state, with who posted and removed them. */
    recent: (limit = 100) => o.store.recent(limit),
    async post(m: NewFloorMessage, by: string): Promise<PostResult> {
      const exists = await Promise.all(m.boardIds.map(o.boardExists));
      const missing = m.boardIds.find((_, i) => !exists[i]);
      if (missing !== undefined) return { ok: false, status: 422, error: `boardIds: no board "${missing}"` };
      const at = o.now();
      // Counted by the store with the insert, not from `active`: another post (on this instance or
      // another one sharing the database) may be taking the last place right now.
      const message = await o.store.insertWithin(
        {
          text: m.text,
          severity: m.severity,
          boardIds: [...new Set(m.boardIds)],
          postedAt: at,
          postedBy: by,
          expiresAt: m.expiresInSeconds === null ? null : at + m.expiresInSeconds * 1000,
        },
        FLOOR_LIMITS.maxActive,
      );
      if (!message)
        return {
          ok: false,
          status: 409,
          error: `${FLOOR_LIMITS.maxActive} messages are showing already: remove one first`,
        };
      o.logger.info({ id: message.id, boards: message.boardIds, by }, 'floor message posted');
      await refresh('edit');
      return { ok: true, message };
    },
    async remove(id: number, by: string): Promise<StoredFloorMessage | undefined> {
      const message = await o.store.remove(id, by, o.now());
      if (message) o.logger.info({ id, by }, 'floor message removed');
      await refresh('edit');
      return message;
    },
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type Floor = Awaited<ReturnType<typeof createFloor>>;
