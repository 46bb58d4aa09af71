import type { IncomingMessage } from 'node:http';
import { boardSchema } from '../../lib/board/model';
import {
  type Action,
  type Auth,
  can,
  isUnauthenticated,
  type Principal,
  REJECTED_CREDENTIALS,
  type Resource,
} from '../auth';
import type { BoardStore } from '../storage/types';

/**
 * One place that turns a request into "may it?" for the Callboard routes outside the accounts API:
 * who is asking (session cookie, display token, API token), the Origin check on every state-changing
 * request, and which queues a viewer may see. Each handler still asks for itself.
 */
export type Access = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; error: string };

/** The settings APIs' check: may this request read (GET) or change (the rest) the settings? */
export type SettingsAuthorizer = (req: IncomingMessage, need: 'read' | 'write') => Promise<Access>;

/** What a viewer may see: every queue, or a board's list (an empty list: nothing). */
export type QueueScope = 'all' | readonly string[];

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createGuard(o: {
  readonly auth: Auth;
  readonly boards: Pick<BoardStore, 'get'>;
  /** Boards anyone may watch without credentials (DEMO=1's default board). */
  readonly publicBoards: ReadonlySet<string>;
}) {
  const options = { publicBoards: o.publicBoards };

  async function check(req: IncomingMessage, action: Action, resource: Resource = {}): Promise<Access> {
    if (WRITES.has(req.method ?? 'GET') && !o.auth.originAllowed(req))
      return { ok: false, status: 403, error: 'cross-origin request refused' };
    const principal = await o.auth.authenticate(req);
    if (can(principal, action, resource, options)) return { ok: true, principal };
    if (principal.kind === 'rejected') return { ok: false, status: 401, error: REJECTED_CREDENTIALS };
    return isUnauthenticated(principal)
      ? { ok: false, status: 401, error: 'log in, or use a display or API token' }
      : { ok: false, status: 403, error: 'not allowed' };
  }

  /** The queues of a board, as a viewer scope; a board that is gone or unreadable shows nothing. */
  async function boardScope(boardId: string): Promise<QueueScope> {
    const board = boardSchema.safeParse((await o.boards.get(boardId))?.config);
    if (!board.success) return [];
    return board.data.queues === 'all' ? 'all' : board.data.queues;
  }

  /**
   * What a principal may watch: people and the API token everything; a display its board; anyone
   * the public board (DEMO=1) when there is one, but never a rejected credential; otherwise null
   * (refused).
   */
  async function scopeOf(principal: Principal): Promise<QueueScope | null> {
    if (principal.kind === 'user' || principal.kind === 'api') return 'all';
    if (principal.kind === 'display') return boardScope(principal.boardId);
    if (principal.kind !== 'anonymous') return null;
    const [open] = o.publicBoards;
    return open !== undefined ? boardScope(open) : null;
  }

  /** Who is asking, read once (a request that asks about many boards need not read it per board). */
  const principalOf = (req: IncomingMessage): Promise<Principal> => o.auth.authenticate(req);
  /** `check` without the Origin test, for a principal already read. */
  const may = (principal: Principal, action: Action, resource: Resource = {}): boolean =>
    can(principal, action, resource, options);

  return { check, scopeOf, boardScope, principalOf, may, publicBoards: o.publicBoards };
}

export type Guard = ReturnType<typeof createGuard>;
