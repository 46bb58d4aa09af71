import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Board, boardIdSchema, boardSchema, newBoardSchema } from '../../lib/board/model';
import type { BoardStore } from '../storage/types';
import type { Access, Guard } from './guard';
import { editOnly, goneMeanwhile, invalid, json, readJsonBody } from './respond';
import type { Params, Route } from './router';

/**
 * Boards: `GET /api/v1/boards` (the boards the caller may watch), `GET /api/v1/boards/<id>`;
 * `POST /api/v1/boards` `{ id, …board }` creates (409 when the id is taken: create never replaces),
 * `PUT` / `DELETE /api/v1/boards/<id>` for admins and the API token (PUT saves at that id, as scripts
 * written before POST existed expect; the settings page uses it for edits only). A supervisor's PUT may change the
 * thresholds of an existing board (tiles', agents' time in state, the abandon rate's minimum calls) and
 * nothing else: not its service-level formula nor whether short abandons count either, which
 * decide what the board's number means (a supervisor tunes when it turns red, not how it is counted). Every stored board is validated on the way in and
 * on the way out. `onChange` lets the sockets of the board's displays pick up new queues.
 */
export interface BoardApiOptions {
  readonly boards: BoardStore;
  readonly guard: Pick<Guard, 'check' | 'principalOf' | 'may'>;
  readonly onChange?: (id: string) => void;
}

const PREFIX = '/api/v1/boards';

export function createBoardApi(o: BoardApiOptions): Route[] {
  const stored = async (id: string): Promise<Board | null> => {
    const s = await o.boards.get(id);
    const board = s ? boardSchema.safeParse(s.config) : null;
    return board?.success ? board.data : null;
  };
  const invalidId = (res: ServerResponse, id: string): boolean => {
    const valid = boardIdSchema.safeParse(id);
    return (
      !valid.success &&
      json(res, 400, {
        error: `board id: ${valid.error.issues[0]?.message}`,
        issues: [{ path: 'id', message: valid.error.issues[0]?.message ?? 'invalid id' }],
      })
    );
  };

  async function list(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const boards: { id: string; name: string }[] = [];
    // The caller's credentials are read once, not once per board (a network round trip each).
    const principal = await o.guard.principalOf(req);
    for (const { id, config } of await o.boards.list()) {
      const board = boardSchema.safeParse(config);
      if (board.success && o.guard.may(principal, 'board:read', { boardId: id }))
        boards.push({ id, name: board.data.name });
    }
    if (boards.length === 0) {
      const access = await o.guard.check(req, 'state:read');
      // Nothing visible and nobody identified (no credentials, or rejected ones): say so.
      if (!access.ok && access.status === 401) {
        res.setHeader('www-authenticate', 'Bearer');
        return json(res, access.status, { error: access.error });
      }
    }
    return json(res, 200, { boards });
  }

  async function get(res: ServerResponse, id: string): Promise<true> {
    if (invalidId(res, id)) return true;
    const board = await stored(id);
    return board ? json(res, 200, { id, board }) : json(res, 404, { error: `no board "${id}"` });
  }

  async function put(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    if (invalidId(res, id)) return true;
    const full = (await o.guard.check(req, 'board:write', { boardId: id })).ok;
    const body = await readJsonBody(req, 64 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = boardSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error, 'board');
    let board = parsed.data;
    if (!full) {
      // Thresholds only: everything else (queues, tiles, serviceLevelFormula, whether short abandons
      // count, …) stays as stored. Agent time-in-state limits and the abandon rate's minimum volume
      // decide when a figure gets a level, not what it means: thresholds.
      const before = await stored(id);
      if (!before)
        return json(res, 403, { error: 'supervisors may change the thresholds of existing boards only' });
      board = {
        ...before,
        thresholds: parsed.data.thresholds,
        agentThresholds: parsed.data.agentThresholds,
        abandonRate: { ...before.abandonRate, minCalls: parsed.data.abandonRate.minCalls },
      };
    } else if (editOnly(req) && !(await o.boards.get(id))) return goneMeanwhile(res, `The board "${id}"`);
    await o.boards.put(id, board);
    o.onChange?.(id);
    return json(res, 200, { id, board });
  }

  /** Create only: a taken id is a 409 and the stored board stays as it was. */
  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 64 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = newBoardSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error, 'board');
    const { id, ...board } = parsed.data;
    if (!(await o.boards.insert(id, board))) return taken(res, id);
    o.onChange?.(id);
    return json(res, 201, { id, board }, { location: `${PREFIX}/${id}` });
  }

  async function remove(res: ServerResponse, id: string): Promise<true> {
    if (invalidId(res, id)) return true;
    if (!(await o.boards.delete(id))) return json(res, 404, { error: `no board "${id}"` });
    o.onChange?.(id);
    return json(res, 200, { deleted: id });
  }

  const taken = (res: ServerResponse, id: string): true =>
    json(res, 409, {
      error: `A board with the id "${id}" already exists: pick another id, or edit that board`,
      issues: [{ path: 'id', message: `A board with the id "${id}" already exists` }],
    });

  const may =
    (action: 'board:read' | 'board:write') =>
    (req: IncomingMessage, p: Params): Promise<Access> =>
      o.guard.check(req, action, { boardId: p.id });
  /** A full write, or failing that a supervisor's threshold tuning (the refusal of the latter wins). */
  const mayPut = async (req: IncomingMessage, p: Params): Promise<Access> => {
    const full = await o.guard.check(req, 'board:write', { boardId: p.id });
    return full.ok ? full : o.guard.check(req, 'thresholds:write', { boardId: p.id });
  };
  return [
    { method: 'GET', path: PREFIX, handle: list },
    {
      method: 'POST',
      path: PREFIX,
      allow: (req) => o.guard.check(req, 'board:write'),
      handle: create,
    },
    {
      method: 'GET',
      path: `${PREFIX}/:id`,
      allow: may('board:read'),
      handle: (_q, res, p) => get(res, p.id ?? ''),
    },
    {
      method: 'PUT',
      path: `${PREFIX}/:id`,
      allow: mayPut,
      handle: (req, res, p) => put(req, res, p.id ?? ''),
    },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow: may('board:write'),
      handle: (_q, res, p) => remove(res, p.id ?? ''),
    },
  ];
}
