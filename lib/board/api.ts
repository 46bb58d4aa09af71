import { type Board, boardSchema } from './model';

/**
 * What the browser makes of the boards API's answers (server/http/boards.ts):
 * `GET /api/v1/boards/<id>` → `{ id, board }`, `GET /api/v1/boards` → `{ boards: {id, name}[] }`.
 * Pure: the fetching lives in components/board/useBoard.ts. Boards are validated again here, so a
 * board written by an older server still gets its defaults.
 */
export type BoardResult =
  | { readonly ok: true; readonly id: string; readonly board: Board }
  | { readonly ok: false; readonly status: number; readonly error: string };

export function boardUrl(id: string): string {
  return `/api/v1/boards/${encodeURIComponent(id)}`;
}

export const BOARDS_URL = '/api/v1/boards';

function errorOf(body: unknown): string | null {
  return body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
    ? (body as { error: string }).error
    : null;
}

export function readBoardResponse(id: string, status: number, body: unknown): BoardResult {
  if (status === 404) return { ok: false, status, error: `There is no board "${id}".` };
  if (status === 401 || status === 403)
    return { ok: false, status, error: 'This board needs a valid token (add ?token=… to the address).' };
  if (status < 200 || status >= 300)
    return { ok: false, status, error: errorOf(body) ?? `The server answered ${status}.` };
  const board = boardSchema.safeParse((body as { board?: unknown } | null)?.board);
  if (!board.success) return { ok: false, status, error: 'The server sent a board this page cannot read.' };
  return { ok: true, id, board: board.data };
}

export interface BoardListEntry {
  readonly id: string;
  readonly name: string;
}

export function readBoardList(body: unknown): BoardListEntry[] {
  const list = (body as { boards?: unknown } | null)?.boards;
  if (!Array.isArray(list)) return [];
  return list.flatMap((b) =>
    b && typeof b.id === 'string' && typeof b.name === 'string' ? [{ id: b.id, name: b.name }] : [],
  );
}

/** Headers for a board fetch: the `?token=` the page was opened with, as a Bearer token. */
export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
