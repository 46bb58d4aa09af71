import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import {
  displayFormatsOf,
  type GeneralSettings,
  queueKeySchema,
  queueOverridePutSchema,
} from '../../lib/settings/general';
import { isUnauthenticated, type Principal, REJECTED_CREDENTIALS } from '../auth';
import type { Guard } from './guard';
import { invalid, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * Settings → General over HTTP:
 * - `GET /api/v1/settings/general`: people and the API token get everything; whoever may only watch
 *   a board (a display, or anyone on the DEMO=1 public board) gets the formats the board needs
 *   (timezone, timeFormat, numberLocale), nothing else.
 * - `PUT /api/v1/settings/general`: admins and the API token; fields left out keep their value.
 * - `PUT /api/v1/settings/queues/<queue key>` `{ slaSeconds, shortAbandonSeconds }` (null clears an
 *   override): admins, supervisors and the API token, the ones who may tune thresholds.
 * Replies are `{ settings }`. Writes go through the guard's Origin check; a bad field is a 422 naming it.
 */
export interface GeneralSettingsApiOptions {
  readonly current: () => GeneralSettings;
  readonly save: (next: unknown) => Promise<GeneralSettings>;
  readonly setQueue: (
    key: string,
    change: { slaSeconds?: number | null; shortAbandonSeconds?: number | null },
  ) => Promise<GeneralSettings>;
  readonly guard: Pick<Guard, 'check' | 'scopeOf'>;
  readonly authenticate: (req: IncomingMessage) => Promise<Principal>;
}

const GENERAL = '/api/v1/settings/general';
const QUEUES = '/api/v1/settings/queues';
const BODY_LIMIT = 256 * 1024; // a few thousand queue overrides

export function createGeneralSettingsApi(o: GeneralSettingsApiOptions): Route[] {
  async function read(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const principal = await o.authenticate(req);
    if (principal.kind === 'user' || principal.kind === 'api')
      return json(res, 200, { settings: o.current() });
    if ((await o.guard.scopeOf(principal)) !== null)
      return json(res, 200, { settings: displayFormatsOf(o.current()) });
    if (principal.kind === 'rejected') return json(res, 401, { error: REJECTED_CREDENTIALS });
    return isUnauthenticated(principal)
      ? json(res, 401, { error: 'log in, or use a display or API token' })
      : json(res, 403, { error: 'not allowed' });
  }

  /** Run a save; a schema error is the 422 naming its field. */
  async function saved(res: ServerResponse, run: () => Promise<GeneralSettings>): Promise<true> {
    try {
      return json(res, 200, { settings: await run() });
    } catch (err) {
      if (err instanceof ZodError) return invalid(res, err);
      throw err;
    }
  }

  async function putGeneral(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    if (body.value === null || typeof body.value !== 'object' || Array.isArray(body.value))
      return json(res, 422, { error: 'body: expected an object' });
    const fields = body.value as Record<string, unknown>;
    return saved(res, () => o.save({ ...o.current(), ...fields }));
  }

  async function putQueue(req: IncomingMessage, res: ServerResponse, key: string): Promise<true> {
    const validKey = queueKeySchema.safeParse(key);
    if (!validKey.success) return json(res, 422, { error: `queue: ${validKey.error.issues[0]?.message}` });
    const body = await readJsonBody(req, 4096);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const change = queueOverridePutSchema.partial().safeParse(body.value);
    if (!change.success) return invalid(res, change.error);
    return saved(res, () => o.setQueue(key, change.data));
  }

  return [
    { method: 'GET', path: GENERAL, handle: read },
    {
      method: 'PUT',
      path: GENERAL,
      allow: (req) => o.guard.check(req, 'settings:write'),
      handle: putGeneral,
    },
    {
      method: 'PUT',
      path: `${QUEUES}/*key`,
      allow: (req) => o.guard.check(req, 'thresholds:write'),
      handle: (req, res, p) => putQueue(req, res, p.key ?? ''),
    },
  ];
}
