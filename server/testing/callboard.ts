import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Notifier } from '../alerts/notification';
import { type Callboard, startCallboard } from '../app';
import { loadConfig } from '../config';

/**
 * Test support only: the real Callboard process (storage, hub, routes, sockets) on 127.0.0.1, port 0,
 * with a throwaway data dir and no Next.js pages (requests no route claims get a 404).
 */
export const WEBHOOK_TOKEN = 'test-webhook-token-0123456789';
export const API_TOKEN = 'test-api-token-0123456789';

export interface TestCallboard extends Callboard {
  readonly url: string;
  readonly dataDir: string;
  /** Stop the process; the data dir stays for a restart unless `remove`. */
  close(options?: { remove?: boolean }): Promise<void>;
}

export async function startTestCallboard(
  o: {
    dataDir?: string;
    now?: () => number;
    env?: Record<string, string>;
    logger?: Logger;
    notifier?: Notifier;
  } = {},
): Promise<TestCallboard> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'callboard-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WEBHOOK_TOKEN,
    API_TOKEN,
    WALLBOARD_TIMEZONE: 'Europe/London',
    JOURNAL_SYNC: 'normal',
    ...o.env,
  });
  const app = await startCallboard({
    config,
    logger: o.logger ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    now: o.now ?? Date.now,
    ...(o.notifier ? { notifier: o.notifier } : {}),
    fallback: (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    },
  });
  return {
    ...app,
    url: `http://127.0.0.1:${app.port}`,
    dataDir,
    async close(options = {}) {
      await app.stop();
      if (options.remove) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON route with the API token. */
export async function getJson<T = unknown>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Any route with the API token and an optional JSON body, as an admin's script would call it. */
export function apiRequest(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** Sign in as a browser would (same Origin) and return the session cookie (`name=value`); throws if refused. */
export async function loginCookie(base: string, creds: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`login as ${creds.email}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * Requests to one server as different callers (anonymous, people, displays, the API token): each
 * caller's headers, a same-Origin sign-in that sets a person's cookie, and `send`, which names the
 * server's own Origin unless `extra` says otherwise.
 */
export function asCallers<W extends string>(base: () => string, headers: Record<W, Record<string, string>>) {
  return {
    async send(method: string, path: string, who: W, body?: unknown, extra: Record<string, string> = {}) {
      const res = await fetch(`${base()}${path}`, {
        method,
        headers: {
          origin: base(),
          ...headers[who],
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...extra,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, text: await res.text() };
    },
    async login(who: W, creds: { email: string; password: string }): Promise<void> {
      headers[who] = { cookie: await loginCookie(base(), creds) };
    },
  };
}
