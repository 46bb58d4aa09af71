import type { Principal } from './principal';

/**
 * Who may do what: one pure function, so the whole matrix is testable without a server. Handlers call
 * it for every request (a gate in front of them, such as Next middleware, is never the only check).
 */
export type Action =
  | 'state:read'
  | 'board:read'
  | 'board:write'
  | 'thresholds:write'
  | 'settings:read'
  | 'settings:write'
  | 'users:manage'
  | 'displays:manage'
  /** Post and remove floor messages (server/floor). */
  | 'messages:post'
  | 'deadLetters:read'
  | 'deadLetters:replay'
  /** Acknowledge (and, where the rule allows, snooze) a board's alerts (server/http/alerts.ts). */
  | 'alerts:act';

/** What the action is about. Board-scoped actions name the board; a display is held to its own. */
export interface Resource {
  readonly boardId?: string;
}

export interface PolicyOptions {
  /** Boards anyone may watch without credentials (DEMO=1's demo board). Read actions only. */
  readonly publicBoards?: ReadonlySet<string>;
}

const BOARD_READS: ReadonlySet<Action> = new Set(['state:read', 'board:read']);

/**
 * Supervisors watch every board, tune thresholds, post floor messages and acknowledge alerts; the rest
 * is the admins'.
 */
const SUPERVISOR: ReadonlySet<Action> = new Set([
  'state:read',
  'board:read',
  'thresholds:write',
  'messages:post',
  'alerts:act',
]);

/**
 * The API token automates everything except accounts: a leaked token must not be able to mint
 * itself a person's login (and with it the settings pages).
 */
const API: ReadonlySet<Action> = new Set<Action>([
  'state:read',
  'board:read',
  'board:write',
  'thresholds:write',
  'settings:read',
  'settings:write',
  'displays:manage',
  'messages:post',
  'deadLetters:read',
  'deadLetters:replay',
  'alerts:act',
]);

export function can(
  principal: Principal,
  action: Action,
  resource: Resource = {},
  options: PolicyOptions = {},
): boolean {
  // A presented-but-invalid credential gets nothing, not even what anonymous gets.
  if (principal.kind === 'rejected') return false;
  const publicRead =
    BOARD_READS.has(action) &&
    resource.boardId !== undefined &&
    (options.publicBoards?.has(resource.boardId) ?? false);
  if (publicRead) return true;
  switch (principal.kind) {
    case 'user':
      return principal.role === 'admin' || SUPERVISOR.has(action);
    case 'api':
      return API.has(action);
    case 'display':
      // A display reads exactly its board: an unscoped read (the whole state) is refused, so the
      // caller has to filter to the board and ask again with its id.
      return BOARD_READS.has(action) && resource.boardId === principal.boardId;
    case 'anonymous':
      return false;
  }
}
