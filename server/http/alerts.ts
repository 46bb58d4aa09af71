import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Alert, AlertLife } from '../../lib/alerts/evaluate';
import type { AlertView } from '../../lib/alerts/view';
import { boardIdSchema } from '../../lib/board/model';
import type { Principal } from '../auth';
import type { AlertQuery } from '../storage';
import type { Guard } from './guard';
import { json, readJsonBody } from './respond';
import { type Params, queryOf, type Route } from './router';

/**
 * Alerts over HTTP (issue #18, docs/api.md "Alerts"):
 * - `GET /api/v1/alerts?board=a,b&state=raised,acknowledged&from=…&to=…&limit=…&before=…`: newest
 *   first. People and the API token see every board; a display (or the public board's anonymous
 *   viewer) only its board's open alerts.
 * - `GET /api/v1/alerts/<id>`
 * - `POST /api/v1/alerts/<id>/acknowledge` `{ note? }`: admins, supervisors, the API token.
 * - `POST /api/v1/alerts/<id>/snooze` `{ minutes }`: admins and the API token; supervisors when the
 *   rule lets them.
 */
export interface AlertsApiOptions {
  readonly guard: Pick<Guard, 'check'>;
  readonly alerts: {
    get(id: number): AlertView | null | Promise<AlertView | null>;
    view(a: Alert): AlertView;
    acknowledge(id: number, by: string, note: string | null): ActionAnswer | Promise<ActionAnswer>;
    snooze(id: number, by: string, until: number): ActionAnswer | Promise<ActionAnswer>;
    supervisorsMaySnooze(a: Alert): boolean;
  };
  readonly list: (q: AlertQuery) => Alert[] | Promise<Alert[]>;
  /** A person's name for "acknowledged by": their e-mail; the API token says so. */
  readonly whoIs: (p: Principal) => Promise<string>;
  readonly now: () => number;
}

type ActionAnswer =
  | { readonly ok: true; readonly alert: Alert }
  | { readonly ok: false; readonly status: number; readonly error: string };

const PREFIX = '/api/v1/alerts';
const STATES: readonly AlertLife[] = ['raised', 'acknowledged', 'cleared'];
const OPEN: readonly AlertLife[] = ['raised', 'acknowledged'];
const MAX_LIMIT = 500;

const ackSchema = z.object({ note: z.string().trim().max(500, 'At most 500 characters').nullish() }).strict();
const snoozeSchema = z
  .object({
    minutes: z
      .number({ error: 'minutes must be a number' })
      .int('whole minutes')
      .min(1, 'at least 1 minute')
      .max(24 * 60, 'at most 24 hours'),
  })
  .strict();

/** A time bound: ms since the epoch, or an ISO 8601 date-time. */
function timeOf(text: string | null): number | undefined | 'bad' {
  if (text === null || text === '') return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(n) ? n : 'bad';
}

export function createAlertsApi(o: AlertsApiOptions): Route[] {
  async function list(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const q = queryOf(req);
    const boards = (q.get('board') ?? '').split(',').filter(Boolean);
    for (const b of boards)
      if (!boardIdSchema.safeParse(b).success)
        return json(res, 400, { error: `board: "${b}" is not a board id` });
    const states = (q.get('state') ?? '').split(',').filter(Boolean);
    const badState = states.find((s) => !STATES.includes(s as AlertLife));
    if (badState) return json(res, 400, { error: `state: "${badState}" is not one of ${STATES.join(', ')}` });
    const from = timeOf(q.get('from'));
    const to = timeOf(q.get('to'));
    if (from === 'bad' || to === 'bad')
      return json(res, 400, { error: 'from / to: ms since 1970, or an ISO date-time' });
    const limit = q.has('limit') ? Number(q.get('limit')) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return json(res, 400, { error: `limit: a whole number from 1 to ${MAX_LIMIT}` });
    const before = q.has('before') ? Number(q.get('before')) : undefined;
    if (before !== undefined && !Number.isSafeInteger(before))
      return json(res, 400, { error: 'before: an alert id' });

    let wanted = states as AlertLife[];
    const everything = await o.guard.check(req, 'state:read');
    if (!everything.ok) {
      // A display (or the public board's viewer) reads its one board's open alerts, nothing more.
      const [board] = boards;
      const one =
        boards.length === 1 && board ? await o.guard.check(req, 'board:read', { boardId: board }) : null;
      if (!one?.ok) {
        if (everything.status === 401)
          return json(res, 401, { error: everything.error }, { 'www-authenticate': 'Bearer' });
        return json(res, 403, {
          error: "a display reads its own board's open alerts only: ask with ?board=<its board>",
        });
      }
      wanted = states.length === 0 ? [...OPEN] : wanted.filter((s) => OPEN.includes(s));
      if (wanted.length === 0) return json(res, 200, { alerts: [], next: null });
    }
    const rows = await o.list({
      boards: boards.length > 0 ? boards : 'all',
      states: wanted,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(before !== undefined ? { before } : {}),
      limit,
    });
    const last = rows[rows.length - 1];
    return json(res, 200, {
      alerts: rows.map(o.alerts.view),
      next: rows.length === limit && last ? last.id : null,
    });
  }

  const idOf = (p: Params) => {
    const id = Number(p.id);
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  };

  async function one(req: IncomingMessage, res: ServerResponse, p: Params): Promise<true> {
    const id = idOf(p);
    if (id === null) return json(res, 400, { error: 'alert id: a positive whole number' });
    const alert = await o.alerts.get(id);
    const access = alert
      ? await o.guard.check(req, 'board:read', { boardId: alert.boardId })
      : await o.guard.check(req, 'state:read');
    if (!access.ok) return json(res, access.status, { error: access.error });
    if (!alert) return json(res, 404, { error: `no alert ${id}` });
    if (access.principal.kind !== 'user' && access.principal.kind !== 'api' && alert.state === 'cleared')
      return json(res, 404, { error: `no alert ${id}` });
    return json(res, 200, { alert });
  }

  async function act(req: IncomingMessage, res: ServerResponse, p: Params, what: 'acknowledge' | 'snooze') {
    const id = idOf(p);
    if (id === null) return json(res, 400, { error: 'alert id: a positive whole number' });
    const alert = await o.alerts.get(id);
    const access = await o.guard.check(req, 'alerts:act', alert ? { boardId: alert.boardId } : {});
    if (!access.ok) return json(res, access.status, { error: access.error });
    if (!alert) return json(res, 404, { error: `no alert ${id}` });
    const body = await readJsonBody(req, 4096);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const by = await o.whoIs(access.principal);
    if (what === 'acknowledge') {
      const parsed = ackSchema.safeParse(body.value ?? {});
      if (!parsed.success) return json(res, 422, { error: `note: ${parsed.error.issues[0]?.message}` });
      const r = await o.alerts.acknowledge(id, by, parsed.data.note || null);
      return r.ok
        ? json(res, 200, { alert: o.alerts.view(r.alert) })
        : json(res, r.status, { error: r.error });
    }
    const supervisor = access.principal.kind === 'user' && access.principal.role === 'supervisor';
    if (supervisor && !o.alerts.supervisorsMaySnooze(alert))
      return json(res, 403, {
        error: 'this rule does not let supervisors snooze its alerts: acknowledge it',
      });
    const parsed = snoozeSchema.safeParse(body.value);
    if (!parsed.success) return json(res, 422, { error: `minutes: ${parsed.error.issues[0]?.message}` });
    const r = await o.alerts.snooze(id, by, o.now() + parsed.data.minutes * 60_000);
    return r.ok ? json(res, 200, { alert: o.alerts.view(r.alert) }) : json(res, r.status, { error: r.error });
  }

  return [
    { method: 'GET', path: PREFIX, handle: list },
    { method: 'GET', path: `${PREFIX}/:id`, handle: one },
    {
      method: 'POST',
      path: `${PREFIX}/:id/acknowledge`,
      handle: (req, res, p) => act(req, res, p, 'acknowledge'),
    },
    { method: 'POST', path: `${PREFIX}/:id/snooze`, handle: (req, res, p) => act(req, res, p, 'snooze') },
  ];
}
