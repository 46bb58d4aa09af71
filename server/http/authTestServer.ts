import { afterEach, expect } from 'vitest';
import { createAuth } from '../auth';
import { createLoginLimiter, type LoginLimits } from '../auth/loginLimiter';
import type { Revocation } from '../auth/principal';
import { authTestBed } from '../auth/testing';
import { captureLogger, serve, type TestServer } from '../webhooks/testing';
import { createAuthApi } from './auth';

/**
 * Test support only: the accounts API on a real HTTP server (127.0.0.1, port 0) over real SQLite in
 * a temp dir, with a settable clock, captured log lines and every response body kept for secret scans.
 */
const open = authTestBed();
export const HOUR = 3600_000;
export const API_TOKEN = 'api-token-0123456789abcdef';
export const ADMIN = { email: 'Admin@Example.com', password: 'admin password 1' };
export const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor pw 2', role: 'supervisor' };

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface CallOptions {
  method?: string;
  body?: unknown;
  cookie?: string;
  origin?: string | null;
  bearer?: string;
  headers?: Record<string, string>;
}

export async function startAuthApi(o: { trustProxy?: boolean; limits?: LoginLimits } = {}) {
  const { storage, clock } = open();
  await storage.boards.put('sales', { name: 'Sales' });
  const auth = createAuth({
    storage,
    now: clock.now,
    apiToken: API_TOKEN,
    trustProxy: o.trustProxy ?? false,
    sessionIdleHours: 12,
  });
  const { logger, lines } = captureLogger();
  const revoked: Revocation[] = [];
  const api = createAuthApi({
    auth,
    boards: storage.boards,
    logger,
    onRevoke: (r) => revoked.push(r),
    ...(o.limits ? { loginLimiter: createLoginLimiter(o.limits) } : {}),
  });
  const server = await serve(api);
  servers.push(server);
  const base = server.base;
  const bodies: string[] = [];
  async function call(path: string, c: CallOptions = {}) {
    const headers: Record<string, string> = { ...c.headers };
    if (c.body !== undefined) headers['content-type'] = 'application/json';
    if (c.cookie) headers.cookie = `callboard_session=${c.cookie}`;
    if (c.origin !== null) headers.origin = c.origin ?? base;
    if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
    const res = await fetch(`${base}${path}`, {
      method: c.method ?? (c.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
    });
    const text = await res.text();
    bodies.push(text);
    const setCookie = res.headers.get('set-cookie');
    const session = setCookie?.match(/^callboard_session=([^;]*)/)?.[1];
    return {
      status: res.status,
      headers: res.headers,
      body: text ? JSON.parse(text) : undefined,
      setCookie,
      session,
    };
  }
  async function setUpAdmin() {
    const res = await call('/api/v1/setup', { body: ADMIN });
    expect(res.status).toBe(201);
    return res.session ?? '';
  }
  return { storage, clock, auth, call, setUpAdmin, lines, bodies, revoked, base };
}
