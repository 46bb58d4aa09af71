import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Board, boardIdSchema, boardSchema } from '../../lib/board/model';
import type { BoardStore } from '../storage/types';
import type { Access, Guard } from './guard';
import { issueText, json, methodNotAllowed, readJsonBody } from './respond';

/**
 * Boards: `GET /api/v1/boards` (the boards the caller may watch), `GET /api/v1/boards/<id>`;
 * `PUT` / `DELETE /api/v1/boards/<id>` for admins and the API token. A supervisor's PUT may change the
 * thresholds of an existing board and nothing else: not its service-level formula either, which
 * decides what the board's number means (a supervisor tunes when it turns red, not how it is counted). Every stored board is validated on the way in and
 * on the way out. `onChange` lets the sockets of the board's displays pick up new queues.
 */
export interface BoardApiOptions {
  readonly boards: BoardStore;
  readonly guard: Pick<Guard, 'check'>;
  readonly onChange?: (id: string) => void;
}

const PREFIX = '/api/v1/boards';

function refuse(res: ServerResponse, access: Exclude<Access, { ok: true }>): true {
  if (access.status === 401) res.setHeader('www-authenticate', 'Bearer');
  return json(res, access.status, { error: access.error });
}

export function createBoardApi(o: BoardApiOptions) {
  const stored = (id: string): Board | null => {
    const s = o.boards.get(id);
    const board = s ? boardSchema.safeParse(s.config) : null;
    return board?.success ? board.data : null;
  };

  async function put(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    const full = o.guard.check(req, 'board:write', { boardId: id });
    const tuning = full.ok ? null : o.guard.check(req, 'thresholds:write', { boardId: id });
    if (!full.ok && !tuning?.ok) return refuse(res, tuning && !tuning.ok ? tuning : full);
    const body = await readJsonBody(req, 64 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = boardSchema.safeParse(body.value);
    if (!parsed.success) return json(res, 422, { error: issueText(parsed.error, 'board') });
    let board = parsed.data;
    if (!full.ok) {
      // Thresholds only: everything else (queues, tiles, serviceLevelFormula, …) stays as stored.
      const before = stored(id);
      if (!before)
        return json(res, 403, { error: 'supervisors may change the thresholds of existing boards only' });
      board = { ...before, thresholds: parsed.data.thresholds };
    }
    o.boards.put(id, board);
    o.onChange?.(id);
    return json(res, 200, { id, board });
  }

  return async function handleBoards(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    if (path === PREFIX) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      const boards = o.boards.list().flatMap(({ id, config }) => {
        const board = boardSchema.safeParse(config);
        return board.success && o.guard.check(req, 'board:read', { boardId: id }).ok
          ? [{ id, name: board.data.name }]
          : [];
      });
      if (boards.length === 0) {
        const access = o.guard.check(req, 'state:read');
        // Nothing visible and nobody identified (no credentials, or rejected ones): say so.
        if (!access.ok && access.status === 401) return refuse(res, access);
      }
      return json(res, 200, { boards });
    }
    const id = decodeURIComponent(path.slice(PREFIX.length + 1));
    const validId = boardIdSchema.safeParse(id);
    if (!validId.success) return json(res, 400, { error: `board id: ${validId.error.issues[0]?.message}` });
    switch (req.method) {
      case 'GET': {
        const access = o.guard.check(req, 'board:read', { boardId: id });
        if (!access.ok) return refuse(res, access);
        const board = stored(id);
        return board ? json(res, 200, { id, board }) : json(res, 404, { error: `no board "${id}"` });
      }
      case 'PUT':
        return put(req, res, id);
      case 'DELETE': {
        const access = o.guard.check(req, 'board:write', { boardId: id });
        if (!access.ok) return refuse(res, access);
        if (!o.boards.delete(id)) return json(res, 404, { error: `no board "${id}"` });
        o.onChange?.(id);
        return json(res, 200, { deleted: id });
      }
      default:
        return methodNotAllowed(res, 'GET, PUT, DELETE');
    }
  };
}
