import type { Principal } from '../auth';

/**
 * Socket.IO rooms a `/wallboard` socket joins at admission, by who it is. Messages outside the state
 * stream are sent to these rooms, never by walking this process's sockets: with the PostgreSQL
 * adapter (cluster.ts) a room spans every instance, so "revoke display 7" reaches its screens
 * wherever they are connected. The state stream's rooms (rooms.ts: 'all', 'queues:…') are another
 * set and stay local to each instance.
 */
export const PRINCIPAL_ROOMS = {
  display: (displayId: number) => `display:${displayId}`,
  user: (userId: number) => `user:${userId}`,
  /** The displays showing this board. */
  boardDisplays: (boardId: string) => `board-displays:${boardId}`,
  /** Viewers without credentials (they may watch the public, DEMO=1, board only). */
  anonymous: 'anonymous',
  /** People and the API token: they may read every board. */
  everyBoard: 'every-board',
} as const;

export function principalRoomsOf(p: Principal): string[] {
  switch (p.kind) {
    case 'display':
      return [PRINCIPAL_ROOMS.display(p.displayId), PRINCIPAL_ROOMS.boardDisplays(p.boardId)];
    case 'user':
      return [PRINCIPAL_ROOMS.user(p.userId), PRINCIPAL_ROOMS.everyBoard];
    case 'api':
      return [PRINCIPAL_ROOMS.everyBoard];
    case 'anonymous':
      return [PRINCIPAL_ROOMS.anonymous];
    default:
      return [];
  }
}
