import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeCdrs, type FakeCdr, type FakeCdrs } from './fakeCdrs';

/**
 * Test support only: the part of the PortSIP REST API (OpenAPI v22.0, reference/portsip-openapi.json)
 * that server/pbx/restNames.ts uses, on 127.0.0.1 port 0, base path /api as in the spec's servers.
 * - POST {loginPath} with {username, password, domain?}. The spec leaves the 200 body undocumented; the
 *   API guide's example is answered ({access_token, expires_in, refresh_token, token_type: "Bearer"}), or
 *   with tokenField 'token' the v22.2 POST /auth/sign_in shape ({two_factor_enabled, token}).
 *   Bad credentials: 401 (the spec says only "4XX Error") with the guide's {errors: [{code, message}]}.
 * - GET /users?skip&top (top 1..100, default 100) with `Authorization: Bearer <token>` (securitySchemes:
 *   http bearer): {count, items}, items shaped as the listUsers schema, blank fields as null.
 * - GET /call_queues?skip&top (listCallQueues): {count, items: [{id, name, extension_number,
 *   polling_strategy}]}, ids shaped like the spec's examples (base64 of a decimal id: not WSI's id).
 * - GET /call_queues/{id}/waiting and /call_queues/{id}/agents (getQueueWaitingList, listQueueAgents),
 *   bearer too: {items}, shaped as their schemas (waiting: session_id, extension_number, display_name,
 *   waiting_time; agents: extension_number, display_name, skill_level). An unknown id: 404.
 * - The CDR API with its sync-token diff (fakeCdrs.ts), behind the same Bearer check.
 */

export interface FakeUser {
  readonly extension_number?: string | null;
  readonly display_name?: string | null;
  readonly email?: string | null;
  readonly name?: string;
}

export interface FakeRestOptions {
  readonly username?: string;
  readonly password?: string;
  /** Required in the login body when set. */
  readonly domain?: string;
  /** Under /api; default '/login'. */
  readonly loginPath?: string;
  readonly tokenField?: 'access_token' | 'token';
  readonly users?: readonly FakeUser[];
  readonly cdrs?: readonly FakeCdr[];
  /** CDRs per sync-token diff (default 100). */
  readonly diffPageSize?: number;
}

/** A queue's live lists as the REST API reports them. */
export interface FakeQueueLists {
  readonly waiting: readonly string[];
  readonly agents: readonly string[];
}

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

export interface FakePortsipRest {
  /** Base URL as the spec's servers give it: http://127.0.0.1:<port>/api */
  readonly url: string;
  readonly requests: readonly SeenRequest[];
  /** Login attempts (good or bad). */
  logins(): number;
  usersRequests(): number;
  /** Every token issued so far (to check none reaches a log). */
  tokens(): readonly string[];
  setUsers(users: readonly FakeUser[]): void;
  /** Forget every issued token: the next GET /users with one answers 401. */
  expireTokens(): void;
  /** Answer 401 to every GET /users, even with a fresh token. */
  rejectAllTokens(on: boolean): void;
  /** Never answer GET /users (the request stays open until the client gives up). */
  hangUsers(on: boolean): void;
  /** Hung requests the client closed. */
  abandoned(): number;
  /** A queue (by number) and its lists; its REST id is restQueueId(number). */
  setQueueLists(queueNumber: string, lists: FakeQueueLists): void;
  /** Answer every queue list request with this HTTP status (null: answer normally). */
  failQueueLists(status: number | null): void;
  queueListRequests(): number;
  /** The CDRs served: add some, make their requests fail, count them. */
  readonly cdrs: FakeCdrs;
  close(): Promise<void>;
}

const DEFAULT_USER = 'admin';
export const FAKE_REST_PASSWORD = 'Rest-Pa55w0rd-must-never-be-logged';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const error = (code: string, message: string) => ({ errors: [{ code, message }] });

/** A queue's REST id in the fake: base64 of a decimal id, as the spec's examples look. */
export const restQueueId = (number: string) => Buffer.from(`70055190977314${number}`).toString('base64');

/** A listUsers item with every field of the schema; blank fields null, as the API guide says. */
function userItem(u: FakeUser, i: number) {
  return {
    id: `NzAwNTUxOTA5Nzcz${String(i).padStart(8, '0')}`,
    name: u.name ?? `user${i}`,
    enabled: true,
    email: u.email ?? null,
    display_name: u.display_name ?? null,
    role: 'StandardUser',
    mobile_phone: null,
    work_phone: null,
    home_phone: null,
    address: null,
    department: null,
    extension_number: u.extension_number ?? null,
    created_at: '2017-07-21T17:32:28Z',
    avatar_file_name: null,
    avatar_file_size: 0,
    avatar_file_url: null,
    sync_type: null,
  };
}

function intParam(v: string | null, fallback: number): number | undefined {
  if (v === null) return fallback;
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

export async function startFakePortsipRest(options: FakeRestOptions = {}): Promise<FakePortsipRest> {
  const username = options.username ?? DEFAULT_USER;
  const password = options.password ?? FAKE_REST_PASSWORD;
  const loginPath = `/api${options.loginPath ?? '/login'}`;
  let users = [...(options.users ?? [])];
  const requests: SeenRequest[] = [];
  const issued: string[] = [];
  const valid = new Set<string>();
  const hung = new Set<ServerResponse>();
  let logins = 0;
  let usersRequests = 0;
  let rejectAll = false;
  let hang = false;
  let abandoned = 0;
  const queueLists = new Map<string, FakeQueueLists>();
  let failLists: number | null = null;
  let queueListRequests = 0;
  const cdrs = createFakeCdrs({
    ...(options.cdrs ? { cdrs: options.cdrs } : {}),
    ...(options.diffPageSize ? { diffPageSize: options.diffPageSize } : {}),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
    });
    if (req.method === 'POST' && url.pathname === loginPath) {
      logins += 1;
      let creds: Record<string, unknown> = {};
      try {
        creds = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return reply(res, 400, error('VALIDATE_FAILED', 'field validation failed'));
      }
      if (typeof creds.username !== 'string' || typeof creds.password !== 'string') {
        return reply(res, 400, error('VALIDATE_FAILED', 'field validation failed'));
      }
      const domainOk = options.domain === undefined || creds.domain === options.domain;
      if (creds.username !== username || creds.password !== password || !domainOk) {
        return reply(res, 401, error('UNKNOWN', 'username or password error'));
      }
      const token = randomBytes(24).toString('hex').toUpperCase();
      issued.push(token);
      valid.add(token);
      return reply(
        res,
        200,
        options.tokenField === 'token'
          ? { two_factor_enabled: false, token }
          : {
              access_token: token,
              expires_in: 3600,
              refresh_token: randomBytes(24).toString('hex'),
              token_type: 'Bearer',
            },
      );
    }
    if (req.method === 'GET' && url.pathname === '/api/users') {
      usersRequests += 1;
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !valid.has(bearer) || rejectAll)
        return reply(res, 401, error('UNKNOWN', 'unauthorized'));
      if (hang) {
        hung.add(res);
        res.on('close', () => {
          if (hung.delete(res)) abandoned += 1;
        });
        return;
      }
      const skip = intParam(url.searchParams.get('skip'), 0);
      const top = intParam(url.searchParams.get('top'), 100);
      if (skip === undefined || top === undefined || top < 1 || top > 100) {
        return reply(res, 400, error('VALIDATE_FAILED', 'field validation failed'));
      }
      const items = users.slice(skip, skip + top).map((u, i) => userItem(u, skip + i));
      return reply(res, 200, { count: users.length, items });
    }
    const list = /^\/api\/call_queues\/([^/]+)\/(waiting|agents)$/.exec(url.pathname);
    if (req.method === 'GET' && list) {
      queueListRequests += 1;
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !valid.has(bearer))
        return reply(res, 401, error('UNKNOWN', 'unauthorized'));
      if (failLists !== null) return reply(res, failLists, error('UNKNOWN', 'server error'));
      const id = decodeURIComponent(list[1] ?? '');
      const lists = [...queueLists].find(([number]) => restQueueId(number) === id)?.[1];
      if (!lists) return reply(res, 404, error('UNKNOWN', 'not found'));
      const items =
        list[2] === 'waiting'
          ? lists.waiting.map((id, i) => ({
              session_id: id,
              extension_number: '5550100',
              display_name: `Caller ${i + 1}`,
              waiting_time: 10 + i,
            }))
          : lists.agents.map((n) => ({ extension_number: n, display_name: `Agent ${n}`, skill_level: 1 }));
      return reply(res, 200, { items });
    }
    if (req.method === 'GET' && url.pathname === '/api/call_queues') {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !valid.has(bearer))
        return reply(res, 401, error('UNKNOWN', 'unauthorized'));
      const skip = intParam(url.searchParams.get('skip'), 0) ?? 0;
      const top = intParam(url.searchParams.get('top'), 100) ?? 100;
      const items = [...queueLists.keys()].slice(skip, skip + top).map((number) => ({
        id: restQueueId(number),
        name: `Queue ${number}`,
        extension_number: number,
        polling_strategy: 'RING_ALL',
      }));
      return reply(res, 200, { count: queueLists.size, items });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const authorized = bearer !== undefined && valid.has(bearer) && !rejectAll;
    const answer = (status: number, body: unknown) =>
      authorized ? reply(res, status, body) : reply(res, 401, error('UNKNOWN', 'unauthorized'));
    if (cdrs.handle(req.method ?? '', url.pathname, url.searchParams, answer)) return;
    reply(res, 404, error('UNKNOWN', 'not found'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => reply(res, 500, error('UNKNOWN', 'fake server error')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    logins: () => logins,
    usersRequests: () => usersRequests,
    tokens: () => [...issued],
    setUsers(next) {
      users = [...next];
    },
    expireTokens() {
      valid.clear();
    },
    rejectAllTokens(on) {
      rejectAll = on;
    },
    hangUsers(on) {
      hang = on;
    },
    abandoned: () => abandoned,
    setQueueLists(queueNumber, lists) {
      queueLists.set(queueNumber, lists);
    },
    failQueueLists(status) {
      failLists = status;
    },
    queueListRequests: () => queueListRequests,
    cdrs,
    async close() {
      for (const res of hung) res.destroy();
      hung.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
