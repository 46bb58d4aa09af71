import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SourceStatus } from '../../lib/protocol';
import { type PbxConnectionView, pbxConnectionIdSchema, pbxConnectionSchema } from '../../lib/settings/pbx';
import type { PortsipConfig } from '../config';
import type { ProbeResult } from '../pbx/probe';
import { portsipConfigOf } from '../pbx/settings';
import type { SecretVault } from '../secrets';
import type { ConfigRows } from '../storage';
import type { SettingsAuthorizer } from './guard';
import { issueText, json, methodNotAllowed, readJsonBody } from './respond';

/**
 * PBX connections for the settings page:
 * `GET /api/v1/pbx-connections` (each with its live status), `PUT` / `DELETE /api/v1/pbx-connections/<id>`
 * (applied at once: the link re-authenticates and re-subscribes), `POST /api/v1/pbx-connections/test`
 * (auth and discovery within 10 s, nothing saved). Passwords go in, never out.
 */

export interface PbxConnectionApiOptions {
  readonly store: ConfigRows;
  /** Passwords, sealed, named `pbxPasswordName(id)`. */
  readonly vault: SecretVault;
  /** Admins only; the check runs in this handler for every request. */
  readonly authorize: SettingsAuthorizer;
  /** Restart what changed, from the store. */
  readonly apply: () => Promise<void>;
  readonly probe: (portsip: PortsipConfig) => Promise<ProbeResult>;
  readonly status: (id: string) => SourceStatus | undefined;
  readonly now: () => number;
}

const PREFIX = '/api/v1/pbx-connections';

/** The vault name of a connection's password. */
export const pbxPasswordName = (id: string) => `pbx/${id}/password`;
const BODY_LIMIT = 32 * 1024;
const password = z.string().min(1).max(256).optional();
const saveSchema = pbxConnectionSchema.extend({ password });
const testSchema = pbxConnectionSchema.extend({ password, id: pbxConnectionIdSchema.optional() });

export function createPbxConnectionApi(o: PbxConnectionApiOptions) {
  function viewOf(id: string): (PbxConnectionView & { status: SourceStatus | null }) | null {
    const stored = o.store.get(id);
    const settings = stored ? pbxConnectionSchema.safeParse(stored.config) : null;
    if (!stored || !settings?.success) return null;
    return {
      id,
      ...settings.data,
      passwordSet: o.vault.isSet(pbxPasswordName(id)),
      updatedAt: stored.updatedAt,
      status: o.status(id) ?? null,
    };
  }

  async function save(id: string, req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = saveSchema.safeParse(body.value);
    if (!parsed.success) return json(res, 422, { error: issueText(parsed.error) });
    const { password: given, ...settings } = parsed.data;
    if (given === undefined && !o.vault.isSet(pbxPasswordName(id)))
      return json(res, 422, { error: 'password: required for a new connection' });
    if (given !== undefined) o.vault.set(pbxPasswordName(id), given);
    o.store.put(id, settings, o.now());
    await o.apply();
    return json(res, 200, viewOf(id));
  }

  async function test(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = testSchema.safeParse(body.value);
    if (!parsed.success) return json(res, 422, { error: issueText(parsed.error) });
    const { password: given, id, ...settings } = parsed.data;
    // Testing a saved connection without retyping its password uses the stored one.
    const secret = given ?? (id ? o.vault.reveal(pbxPasswordName(id)) : undefined);
    if (secret === undefined) return json(res, 422, { error: 'password: required to test' });
    return json(res, 200, await o.probe(portsipConfigOf(settings, secret)));
  }

  return async function handlePbxConnections(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    const access = o.authorize(req, req.method === 'GET' ? 'read' : 'write');
    if (!access.ok) return json(res, access.status, { error: access.error });

    if (path === PREFIX) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      return json(res, 200, { connections: o.store.list().flatMap((c) => viewOf(c.id) ?? []) });
    }
    if (path === `${PREFIX}/test`) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return test(req, res);
    }
    const id = decodeURIComponent(path.slice(PREFIX.length + 1));
    const valid = pbxConnectionIdSchema.safeParse(id);
    if (!valid.success) return json(res, 400, { error: `connection id: ${valid.error.issues[0]?.message}` });
    switch (req.method) {
      case 'GET': {
        const view = viewOf(id);
        return view ? json(res, 200, view) : json(res, 404, { error: `no connection "${id}"` });
      }
      case 'PUT':
        return save(id, req, res);
      case 'DELETE': {
        if (!o.store.delete(id)) return json(res, 404, { error: `no connection "${id}"` });
        o.vault.delete(pbxPasswordName(id));
        await o.apply();
        return json(res, 200, { deleted: id });
      }
      default:
        return methodNotAllowed(res, 'GET, PUT, DELETE');
    }
  };
}
