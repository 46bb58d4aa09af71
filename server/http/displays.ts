import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { boardIdSchema } from '../../lib/board/model';
import type { Auth, Revocation } from '../auth';
import type { BoardStore } from '../storage/types';
import { accountAccess, numericId } from './access';
import { issueText, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * `GET|POST /api/v1/displays`, `DELETE /api/v1/displays/<id>` (revoke), for whoever may manage
 * displays. The token is in the POST reply and nowhere else, ever: a lost one is revoked and replaced.
 */
const PREFIX = '/api/v1/displays';

const newDisplaySchema = z.object({
  name: z.string().trim().min(1).max(80),
  boardId: boardIdSchema,
});

export function createDisplaysApi(o: {
  readonly auth: Auth;
  readonly boards: Pick<BoardStore, 'get'>;
  readonly logger: Logger;
  readonly revoke: (r: Revocation) => void;
  /** "Reload now": how many of the display's screens were told to reload. */
  readonly reload?: (displayId: number) => number | Promise<number>;
}): Route[] {
  const { auth, logger } = o;

  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = newDisplaySchema.safeParse(body.value);
    if (!parsed.success) return json(res, 422, { error: issueText(parsed.error, 'display') });
    const { name, boardId } = parsed.data;
    if (!(await o.boards.get(boardId))) return json(res, 422, { error: `boardId: no board "${boardId}"` });
    const { display, token } = await auth.displays.create(name, boardId);
    logger.info({ displayId: display.id, boardId }, 'display created');
    const kioskPath = `/kiosk/${encodeURIComponent(boardId)}?token=${encodeURIComponent(token)}`;
    return json(res, 201, { display, token, kioskPath });
  }

  async function revoke(res: ServerResponse, id: number): Promise<true> {
    const display = await auth.displays.revoke(id);
    if (!display) return json(res, 404, { error: `no display ${id}` });
    logger.info({ displayId: id }, 'display revoked');
    o.revoke({ kind: 'display', displayId: id });
    return json(res, 200, { display });
  }

  async function reload(res: ServerResponse, displayId: number | undefined): Promise<true> {
    const display = (await auth.displays.list()).find((d) => d.id === displayId && d.revokedAt === null);
    if (displayId === undefined || !display)
      return json(res, 404, { error: `no display ${displayId ?? ''}`.trim() });
    return json(res, 200, { reloaded: (await o.reload?.(displayId)) ?? 0 });
  }

  const allow = accountAccess(auth, 'displays:manage');
  return [
    {
      method: 'GET',
      path: PREFIX,
      allow,
      handle: async (_req, res) => json(res, 200, { displays: await auth.displays.list() }),
    },
    { method: 'POST', path: PREFIX, allow, handle: create },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow,
      handle: (_req, res, p) => {
        const id = numericId(p.id);
        return id === undefined ? json(res, 404, { error: 'no such display' }) : revoke(res, id);
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/:id/reload`,
      allow,
      handle: (_req, res, p) => reload(res, numericId(p.id)),
    },
  ];
}
