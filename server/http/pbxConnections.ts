import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SourceStatus } from '../../lib/protocol';
import {
  DEMO_PBX_ID,
  DEMO_PBX_ID_RESERVED,
  newPbxConnectionIdSchema,
  type PbxConnectionView,
  pbxConnectionIdSchema,
  pbxConnectionSchema,
} from '../../lib/settings/pbx';
import type { PortsipConfig } from '../config';
import type { ProbeResult } from '../pbx/probe';
import { portsipConfigOf } from '../pbx/settings';
import type { SecretVault } from '../secrets';
import type { ConfigRows } from '../storage';
import type { SettingsAuthorizer } from './guard';
import { editOnly, goneMeanwhile, invalid, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * PBX connections for the settings page:
 * `GET /api/v1/pbx-connections` (each with its live status), `POST /api/v1/pbx-connections` `{ id, …,
 * password }` (create: 409 when the id is taken), `PUT` / `DELETE /api/v1/pbx-connections/<id>`
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
const password = z
  .string({ error: 'Enter the password' })
  .min(1, 'Enter the password')
  .max(256, 'Use at most 256 characters for the password')
  .optional();
const saveSchema = pbxConnectionSchema.extend({ password });
const createSchema = saveSchema.extend({ id: newPbxConnectionIdSchema });
const testSchema = pbxConnectionSchema.extend({ password, id: pbxConnectionIdSchema.optional() });

export function createPbxConnectionApi(o: PbxConnectionApiOptions): Route[] {
  async function viewOf(id: string): Promise<(PbxConnectionView & { status: SourceStatus | null }) | null> {
    const stored = await o.store.get(id);
    const settings = stored ? pbxConnectionSchema.safeParse(stored.config) : null;
    if (!stored || !settings?.success) return null;
    return {
      id,
      ...settings.data,
      passwordSet: await o.vault.isSet(pbxPasswordName(id)),
      updatedAt: stored.updatedAt,
      status: o.status(id) ?? null,
    };
  }

  async function save(id: string, req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = saveSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error);
    const { password: given, ...settings } = parsed.data;
    const exists = (await o.store.get(id)) !== undefined;
    if (editOnly(req) && !exists) return goneMeanwhile(res, `The PBX connection "${id}"`);
    if (!exists && id === DEMO_PBX_ID)
      return json(res, 422, {
        error: `id: ${DEMO_PBX_ID_RESERVED}`,
        issues: [{ path: 'id', message: DEMO_PBX_ID_RESERVED }],
      });
    if (given === undefined && !(await o.vault.isSet(pbxPasswordName(id)))) return passwordNeeded(res);
    if (given !== undefined) await o.vault.set(pbxPasswordName(id), given);
    await o.store.put(id, settings, o.now());
    await o.apply();
    return json(res, 200, await viewOf(id));
  }

  /** Create only: a taken id is a 409 and the stored connection (and its password) stays as it was. */
  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = createSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error);
    const { password: given, id, ...settings } = parsed.data;
    if (given === undefined) return passwordNeeded(res);
    if (!(await o.store.insert(id, settings, o.now())))
      return json(res, 409, {
        error: `A PBX connection with the id "${id}" already exists: pick another id, or edit that connection`,
        issues: [{ path: 'id', message: `A PBX connection with the id "${id}" already exists` }],
      });
    await o.vault.set(pbxPasswordName(id), given);
    await o.apply();
    return json(res, 201, await viewOf(id), { location: `${PREFIX}/${id}` });
  }

  const passwordNeeded = (res: ServerResponse): true =>
    json(res, 422, {
      error: 'password: required for a new connection',
      issues: [{ path: 'password', message: 'Enter the password: a new connection needs one' }],
    });

  async function test(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = testSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error);
    const { password: given, id, ...settings } = parsed.data;
    // Testing a saved connection without retyping its password uses the stored one.
    const secret = given ?? (id ? await o.vault.reveal(pbxPasswordName(id)) : undefined);
    if (secret === undefined) return json(res, 422, { error: 'password: required to test' });
    return json(res, 200, await o.probe(portsipConfigOf(settings, secret)));
  }

  /** The id, valid; or undefined after a 400 naming the problem. */
  function validId(res: ServerResponse, id: string | undefined): string | undefined {
    const valid = pbxConnectionIdSchema.safeParse(id);
    if (valid.success) return valid.data;
    json(res, 400, { error: `connection id: ${valid.error.issues[0]?.message}` });
  }

  async function remove(res: ServerResponse, id: string): Promise<true> {
    if (!(await o.store.delete(id))) return json(res, 404, { error: `no connection "${id}"` });
    await o.vault.delete(pbxPasswordName(id));
    await o.apply();
    return json(res, 200, { deleted: id });
  }

  const read = (req: IncomingMessage) => o.authorize(req, 'read');
  const write = (req: IncomingMessage) => o.authorize(req, 'write');
  return [
    {
      method: 'GET',
      path: PREFIX,
      allow: read,
      handle: async (_req, res) => {
        const views = await Promise.all((await o.store.list()).map((c) => viewOf(c.id)));
        const connections = views.flatMap((v) => v ?? []);
        // The server's time of the list: a status's server times are aged against it (one clock).
        return json(res, 200, { connections, serverTime: o.now() });
      },
    },
    { method: 'POST', path: PREFIX, allow: write, handle: create },
    { method: 'POST', path: `${PREFIX}/test`, allow: write, handle: (req, res) => test(req, res) },
    {
      method: 'GET',
      path: `${PREFIX}/:id`,
      allow: read,
      handle: async (_req, res, p) => {
        const id = validId(res, p.id);
        const view = id === undefined ? undefined : await viewOf(id);
        if (id !== undefined) json(res, view ? 200 : 404, view ?? { error: `no connection "${id}"` });
      },
    },
    {
      method: 'PUT',
      path: `${PREFIX}/:id`,
      allow: write,
      handle: (req, res, p) => {
        const id = validId(res, p.id);
        return id === undefined ? true : save(id, req, res);
      },
    },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow: write,
      handle: (_req, res, p) => {
        const id = validId(res, p.id);
        return id === undefined ? true : remove(res, id);
      },
    },
  ];
}
