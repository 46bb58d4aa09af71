import http from 'node:http';
import https from 'node:https';
import { loginBody, type RestAuth, readLoginReply } from '../../lib/sources/portsip/rest';

/**
 * A PortSIP REST session for one task (a gap's backfill): log in, send requests with the Bearer token,
 * log in again once when a token is refused. Each request has its own timeout and a body limit; a
 * failure is a RestError whose message holds method, path and status, never the password or token.
 * node:http(s), not fetch: Node 20's fetch cannot accept a self-signed certificate without undici.
 */
export class RestError extends Error {}

export interface RestReply {
  readonly status: number;
  readonly body: string;
}

export interface RestClientOptions {
  readonly baseUrl: string; // e.g. https://pbx.example.com:8887/api
  readonly loginPath: string;
  readonly auth: RestAuth;
  readonly tlsInsecure?: boolean;
  readonly timeoutMs?: number; // per request; default 10 s
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A path as messages show it: a sync token (opaque, but a key to the PBX's records) left out. */
export const safePath = (path: string) => path.replace(/\/sync_tokens\/[^/]+/, '/sync_tokens/…');
const ok2xx = (status: number) => status >= 200 && status < 300;

export function createRestClient(o: RestClientOptions) {
  const base = new URL(o.baseUrl.replace(/\/+$/, ''));
  if (!/^https?:$/.test(base.protocol) || !o.loginPath.startsWith('/'))
    throw new Error('PortSIP REST: expected an http(s):// URL and a login path starting with /');
  const isHttps = base.protocol === 'https:';
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, rejectUnauthorized: !o.tlsInsecure })
    : new http.Agent({ keepAlive: true });
  const timeoutMs = o.timeoutMs ?? 10_000;
  const control = new AbortController();
  let token: string | undefined;

  function send(method: string, path: string, query: Record<string, string>, body?: string) {
    const url = new URL(base.href + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== undefined && path !== o.loginPath) headers.authorization = `Bearer ${token}`;
    const signal = AbortSignal.any([control.signal, AbortSignal.timeout(timeoutMs)]);
    return new Promise<RestReply>((resolve, reject) => {
      const req = (isHttps ? https : http).request(url, { method, headers, agent, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new RestError('response larger than 8 MB'));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: String(Buffer.concat(chunks)) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    }).catch((err: unknown) => {
      const shown = `${method} ${safePath(path)}`;
      if (control.signal.aborted) throw new RestError(`${shown}: stopped`);
      if (signal.aborted) throw new RestError(`${shown}: no answer in ${timeoutMs / 1000} s`);
      throw new RestError(`${shown}: ${err instanceof Error ? err.message : 'request failed'}`);
    });
  }

  async function login(): Promise<void> {
    token = undefined;
    const res = await send('POST', o.loginPath, {}, loginBody(o.auth));
    if (!ok2xx(res.status)) throw new RestError(`login failed: HTTP ${res.status}`);
    token = readLoginReply(res.body).token;
    if (token === undefined) throw new RestError('login: no access_token (nor token) in the response');
  }

  return {
    /** One request, logged in; a refused token is renewed once. Rejects with RestError. */
    async request(method: string, path: string, query: Record<string, string> = {}): Promise<RestReply> {
      if (token === undefined) await login();
      let res = await send(method, path, query);
      if (res.status === 401) {
        await login();
        res = await send(method, path, query);
      }
      return res;
    },
    /** Abort what is under way and close the connections. */
    stop(): void {
      control.abort();
      agent.destroy();
    },
  };
}

export type RestClient = ReturnType<typeof createRestClient>;
