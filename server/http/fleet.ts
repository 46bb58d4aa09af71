import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Auth } from '../auth';
import type { FleetWatch } from '../fleet/watch';
import { accountAccess } from './access';
import { invalid, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * `GET /api/v1/fleet`: every display's state as its heartbeats tell it (live / not live / offline,
 * since, last seen, build, page, screen) and the alert threshold; `PUT /api/v1/fleet/settings`
 * `{alertAfterMinutes}`: how long a TV may be down before the notifier is told.
 */
export const fleetSettingsSchema = z.object({
  alertAfterMinutes: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 24 hours'),
});
export type FleetSettings = z.infer<typeof fleetSettingsSchema>;

export function createFleetApi(o: {
  readonly auth: Auth;
  readonly watch: Pick<FleetWatch, 'list' | 'evaluate'>;
  readonly settings: () => Promise<FleetSettings>;
  readonly save: (s: FleetSettings) => Promise<void>;
}): Route[] {
  const allow = accountAccess(o.auth, 'displays:manage');
  async function put(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = fleetSettingsSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error, 'settings');
    await o.save(parsed.data);
    await o.watch.evaluate();
    return json(res, 200, parsed.data);
  }
  return [
    {
      method: 'GET',
      path: '/api/v1/fleet',
      allow,
      handle: async (_req, res) =>
        json(res, 200, { ...(await o.settings()), displays: await o.watch.list() }),
    },
    { method: 'PUT', path: '/api/v1/fleet/settings', allow, handle: put },
  ];
}
