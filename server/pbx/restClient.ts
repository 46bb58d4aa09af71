import http from 'node:http';
import https from 'node:https';
import { loginBody, type RestAuth, readLoginReply } from '../../lib/sources/portsip/rest';
import { createTimerBag } from './timers';

/**
 * The HTTP side of PortSIP's REST API, shared by the names refresh (restNames.ts) and the queues'
 * self-check (restQueueLists.ts) and, through restSession.ts, a gap's backfill: one keep-alive agent, the login and its bearer token, a timeout per
 * request, and an abort for everything in flight. The messages are read in lib/sources/portsip/rest.ts.
 * node:http(s), not fetch: Node 20's fetch cannot accept a self-signed certificate without undici.
 */
export interface RestClientOptions {
  baseUrl: string; // e.g. https://pbx.example.com:8887/api (OpenAPI: {protocol}://{hostname}:{port}/api)
  loginPath?: string; // default '/login' (v22.0); v22.2 documents '/auth/sign_in'
  auth: RestAuth; // the login body
  tlsInsecure?: boolean; // accept a self-signed PBX certificate
  timeoutMs?: number; // per request; default 10 s
  now: () => number; // the app's clock: the token's expiry
}

/** A warn-worthy failure; its message holds paths, statuses, socket errors: never the password/token. */
export class RestError extends Error {}
/** The client was stopped (or the caller's signal aborted) while the request ran. */
export class Stopped extends Error {}

export type Reply = { readonly status: number; readonly body: string };
export type RestReply = Reply;
export const ok2xx = (status: number) => status >= 200 && status < 300;

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A path as messages show it: a sync token (opaque, but a key to the PBX's records) left out. */
export const safePath = (path: string) => path.replace(/\/sync_tokens\/[^/]+/, '/sync_tokens/…');
const EXPIRY_MARGIN_MS = 30_000; // log in again this long before the token's expiry rather than meet a 401

export function createRestClient(o: RestClientOptions) {
  const base = new URL(o.baseUrl.replace(/\/+$/, ''));
  const loginPath = o.loginPath ?? '/login';
  if (!/^https?:$/.test(base.protocol) || !loginPath.startsWith('/')) {
    throw new Error('PortSIP REST: expected an http(s):// URL and paths starting with /');
  }
  const timeoutMs = o.timeoutMs ?? 10_000;
  const timers = createTimerBag();
  const isHttps = base.protocol === 'https:';
  const agentOptions = { keepAlive: true, rejectUnauthorized: !o.tlsInsecure };
  const newAgent = () => (isHttps ? new https.Agent(agentOptions) : new http.Agent(agentOptions));
  let agent = newAgent();
  let token: string | undefined;
  let tokenExpiresAt: number | undefined;

  /** One request with its own timeout (a bag timer, so abortAll() clears it); `signal` aborts it. */
  async function call(signal: AbortSignal, method: string, path: string, body?: string, query = {}) {
    if (signal.aborted) throw new Stopped();
    const url = new URL(base.href + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    else if (token !== undefined) headers.authorization = `Bearer ${token}`; // securitySchemes: http bearer
    const request = new AbortController();
    const onStop = () => request.abort('stopped');
    signal.addEventListener('abort', onStop, { once: true });
    const timer = timers.after(timeoutMs, () => request.abort('timeout'));
    try {
      return await new Promise<Reply>((resolve, reject) => {
        const options = { method, headers, agent, signal: request.signal };
        const req = (isHttps ? https : http).request(url, options, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) req.destroy(new RestError('response larger than 8 MB'));
            else chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: String(Buffer.concat(chunks)) }));
          res.on('error', reject);
          res.on('close', () => reject(new RestError('connection closed mid-response')));
        });
        req.on('error', reject);
        req.end(body);
      });
    } catch (err) {
      if (signal.aborted) throw new Stopped();
      const shown = `${method} ${safePath(path)}`;
      if (request.signal.reason === 'timeout')
        throw new RestError(`${shown}: no answer in ${timeoutMs / 1000} s`);
      throw new RestError(`${shown}: ${err instanceof Error ? err.message : 'request failed'}`);
    } finally {
      timers.clear(timer);
      signal.removeEventListener('abort', onStop);
    }
  }

  async function login(signal: AbortSignal): Promise<void> {
    token = undefined;
    tokenExpiresAt = undefined;
    const res = await call(signal, 'POST', loginPath, loginBody(o.auth));
    if (!ok2xx(res.status)) {
      const hint = res.status === 404 ? ` (is ${loginPath} this PBX version's login path?)` : '';
      throw new RestError(`login failed: HTTP ${res.status}${hint}`);
    }
    const reply = readLoginReply(res.body);
    token = reply.token;
    if (token === undefined) throw new RestError('login: no access_token (nor token) in the response');
    if (reply.expiresInSeconds !== undefined) tokenExpiresAt = o.now() + reply.expiresInSeconds * 1000;
  }

  return {
    call,
    login,
    /** Logs in unless a token is held and not about to expire. */
    async ensureLogin(signal: AbortSignal): Promise<void> {
      if (token === undefined || o.now() >= (tokenExpiresAt ?? Infinity) - EXPIRY_MARGIN_MS)
        await login(signal);
    },
    /** The PBX refused the token even after a fresh login: forget it, log in next time. */
    forgetToken(): void {
      token = undefined;
    },
    /** Clears every request timer and drops the sockets (callers abort their signals first). */
    reset(): void {
      timers.clearAll();
      agent.destroy();
      agent = newAgent();
    },
  };
}

export type RestClient = ReturnType<typeof createRestClient>;
