import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { boardIdSchema } from '../../lib/board/model';
import { type Auth, clientIp } from '../auth';
import type { Pairings } from '../fleet/pairing';
import type { BoardStore } from '../storage/types';
import { accountAccess } from './access';
import { invalid, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * Pairing a TV by code (server/fleet/pairing.ts):
 * - `POST /api/v1/pairings` (no login: the TV's `/pair` page) → its code and its secret;
 * - `POST /api/v1/pairings/collect` `{secret}` (no login) → still pending, or once bound the kiosk
 *   path with the display token, exactly once;
 * - `POST /api/v1/pairings/bind` `{code, boardId, name}` (whoever manages displays) → the new display.
 * The secret travels in bodies only, never in a URL (URLs end up in logs and proxies).
 */
const PREFIX = '/api/v1/pairings';

export const bindSchema = z.object({
  code: z.string().trim().min(1, 'Enter the code the TV shows').max(20, 'At most 20 characters'),
  boardId: boardIdSchema,
  name: z.string().trim().min(1, 'Name the TV').max(80, 'At most 80 characters'),
});
const collectSchema = z.object({ secret: z.string().min(1).max(100) });

export function createPairingApi(o: {
  readonly auth: Auth;
  readonly pairings: Pairings;
  readonly boards: Pick<BoardStore, 'get'>;
  readonly logger: Logger;
}): Route[] {
  const address = (req: IncomingMessage) => clientIp(req, o.auth.trustProxy);
  const tooMany = (res: ServerResponse, seconds: number, error: string) =>
    json(res, 429, { error }, { 'retry-after': String(seconds) });

  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const made = await o.pairings.create(address(req));
    if (!made.ok) return tooMany(res, made.retryAfterSeconds, made.error);
    const { code, secret, expiresAt } = made;
    return json(res, 201, { code, secret, expiresAt, pairPath: `/settings/displays?pair=${code}` });
  }

  async function collect(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = collectSchema.safeParse(body.value);
    if (!parsed.success) return json(res, 400, { error: 'send {"secret": "…"}' });
    const r = await o.pairings.collect(address(req), parsed.data.secret);
    if (r.status === 'throttled') return tooMany(res, r.retryAfterSeconds, 'polling too fast');
    if (r.status === 'unknown')
      return json(res, 404, { status: 'unknown', error: 'no such pairing (expired, or already collected)' });
    if (r.status === 'pending')
      return json(res, 200, { status: 'pending', code: r.code, expiresAt: r.expiresAt });
    o.logger.info({ displayId: r.bound.displayId }, 'paired display collected its token');
    return json(res, 200, { status: 'paired', displayId: r.bound.displayId, kioskPath: r.bound.kioskPath });
  }

  async function bind(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = bindSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error, 'pairing');
    const { code, boardId, name } = parsed.data;
    if (!(await o.boards.get(boardId)))
      return json(res, 422, {
        error: `boardId: no board "${boardId}"`,
        issues: [{ path: 'boardId', message: `No board "${boardId}"` }],
      });
    const found = await o.pairings.bind(address(req), code);
    if (!found.ok) {
      o.logger.warn({ address: address(req), status: found.status }, 'pairing code refused');
      return found.status === 429
        ? tooMany(res, found.retryAfterSeconds ?? 60, found.error)
        : json(res, 404, { error: found.error, issues: [{ path: 'code', message: found.error }] });
    }
    const display = await o.auth.displays.createForTokenHash(name, boardId, found.tokenHash);
    await found.bound(display.id, boardId);
    o.logger.info({ displayId: display.id, boardId }, 'display paired by code');
    return json(res, 201, { display });
  }

  return [
    { method: 'POST', path: PREFIX, handle: create },
    { method: 'POST', path: `${PREFIX}/collect`, handle: collect },
    { method: 'POST', path: `${PREFIX}/bind`, allow: accountAccess(o.auth, 'displays:manage'), handle: bind },
  ];
}
