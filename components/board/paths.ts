import { DEFAULT_BOARD_ID } from '../../lib/board/model';

/** URLs of the boards. Queue ids contain '/', so they are encoded as one segment. */
export const boardHref = (boardId: string) =>
  boardId === DEFAULT_BOARD_ID ? '/' : `/boards/${encodeURIComponent(boardId)}`;
export const boardBase = (boardId: string) => `/boards/${encodeURIComponent(boardId)}`;
export const queueHref = (boardId: string, queueId: string) =>
  `${boardBase(boardId)}/queues/${encodeURIComponent(queueId)}`;
export const agentsHref = (boardId: string) => `${boardBase(boardId)}/agents`;
export const callsHref = (boardId: string) => `${boardBase(boardId)}/calls`;
export const kioskHref = (boardId: string) => `/kiosk/${encodeURIComponent(boardId)}`;

/** A route parameter as the id it names (Next may hand it over still percent-encoded). */
export function paramId(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
