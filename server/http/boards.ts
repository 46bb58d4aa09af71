import type { IncomingMessage, ServerResponse } from 'node:http';
import { boardIdSchema, boardSchema } from '../../lib/board/model';
import type { BoardStore } from '../storage/types';
import { json, methodNotAllowed, readJsonBody } from './respond';

/**
 * Boards: `GET /api/v1/boards`, `GET /api/v1/boards/<id>` for whoever may read the state;
 * `PUT` and `DELETE /api/v1/boards/<id>` for the API token (the settings page and accounts come with
 * issue #6). Every stored board is validated on the way in and on the way out.
 */
export interface BoardApiOptions {
  readonly boards: BoardStore;
  readonly mayRead: (req: IncomingMessage) => boolean;
  readonly mayWrite: (req: IncomingMessage) => boolean;
}

const PREFIX = '/api/v1/boards';

export function createBoardApi(o: BoardApiOptions) {
  return async function handleBoards(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    const id = path === PREFIX ? null : decodeURIComponent(path.slice(PREFIX.length + 1));
    const write = req.method === 'PUT' || req.method === 'DELETE';
    if (!(write ? o.mayWrite(req) : o.mayRead(req))) {
      res.setHeader('www-authenticate', 'Bearer');
      return json(res, 401, {
        error: write ? 'changing boards needs the API token' : 'a valid token is required',
      });
    }
    if (id === null) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      const boards = o.boards.list().flatMap(({ id, config }) => {
        const board = boardSchema.safeParse(config);
        return board.success ? [{ id, name: board.data.name }] : [];
      });
      return json(res, 200, { boards });
    }
    const validId = boardIdSchema.safeParse(id);
    if (!validId.success) return json(res, 400, { error: `board id: ${validId.error.issues[0]?.message}` });
    switch (req.method) {
      case 'GET': {
        const stored = o.boards.get(id);
        const board = stored ? boardSchema.safeParse(stored.config) : null;
        if (!board?.success) return json(res, 404, { error: `no board "${id}"` });
        return json(res, 200, { id, board: board.data });
      }
      case 'PUT': {
        const body = await readJsonBody(req, 64 * 1024);
        if (!body.ok) return json(res, body.status, { error: body.error });
        const board = boardSchema.safeParse(body.value);
        if (!board.success) {
          const issue = board.error.issues[0];
          return json(res, 422, { error: `${issue?.path.join('.') || 'board'}: ${issue?.message}` });
        }
        o.boards.put(id, board.data);
        return json(res, 200, { id, board: board.data });
      }
      case 'DELETE':
        return o.boards.delete(id)
          ? json(res, 200, { deleted: id })
          : json(res, 404, { error: `no board "${id}"` });
      default:
        return methodNotAllowed(res, 'GET, PUT, DELETE');
    }
  };
}
