import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Settings → General, who may read and change it, over real HTTP against the real process: the
 * formats for any board viewer (a display reads nothing else), the rest for people and the API token,
 * writes for admins (the whole) and supervisors (a queue's own seconds), never from a foreign Origin.
 */
const QUEUE = 'tenant-g/8001';

describe('who may read and change the general settings', () => {
  type Who = 'anonymous' | 'display' | 'supervisor' | 'admin' | 'api';
  const WHO: readonly Who[] = ['anonymous', 'display', 'supervisor', 'admin', 'api'];
  const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
  const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor password' };
  const headers: Record<Who, Record<string, string>> = {
    anonymous: {},
    display: {},
    supervisor: {},
    admin: {},
    api: { authorization: `Bearer ${API_TOKEN}` },
  };
  let app: TestCallboard;

  const { send, login } = asCallers(() => app.url, headers);

  beforeAll(async () => {
    app = await startTestCallboard({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    await login('admin', ADMIN);
    expect((await send('POST', '/api/v1/users', 'admin', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(
      201,
    );
    await login('supervisor', SUPERVISOR);
    expect((await send('PUT', '/api/v1/boards/board-g', 'api', { name: 'G', queues: [QUEUE] })).status).toBe(
      200,
    );
    const created = await send('POST', '/api/v1/displays', 'admin', { name: 'TV', boardId: 'board-g' });
    expect(created.status).toBe(201);
    headers.display = { authorization: `Bearer ${JSON.parse(created.text).token}` };
  }, 60_000);
  afterAll(() => app.close({ remove: true }));

  const queuePath = `/api/v1/settings/queues/${encodeURIComponent(QUEUE)}`;
  const ROUTES: readonly { method: string; path: string; body?: unknown; allowed: readonly Who[] }[] = [
    { method: 'GET', path: '/api/v1/settings/general', allowed: ['display', 'supervisor', 'admin', 'api'] },
    {
      method: 'PUT',
      path: '/api/v1/settings/general',
      body: { timeFormat: '12h' },
      allowed: ['admin', 'api'],
    },
    {
      method: 'PUT',
      path: queuePath,
      body: { slaSeconds: 30, shortAbandonSeconds: null },
      allowed: ['supervisor', 'admin', 'api'],
    },
  ];

  for (const route of ROUTES) {
    for (const who of WHO) {
      const allow = route.allowed.includes(who);
      it(`${route.method} ${route.path} × ${who}: ${allow ? 'allowed' : 'denied'}`, async () => {
        const r = await send(route.method, route.path, who, route.body);
        if (allow) expect(r.status, r.text).toBe(200);
        else expect(r.status, r.text).toBe(who === 'anonymous' ? 401 : 403);
      });
    }
  }

  it('a display reads only the formats; people and the API token read everything', async () => {
    const display = JSON.parse((await send('GET', '/api/v1/settings/general', 'display')).text);
    expect(Object.keys(display.settings).sort()).toEqual(['numberLocale', 'timeFormat', 'timezone']);
    for (const who of ['supervisor', 'admin', 'api'] as const) {
      const full = JSON.parse((await send('GET', '/api/v1/settings/general', who)).text);
      expect(full.settings).toHaveProperty('slaSeconds');
      expect(full.settings).toHaveProperty('queues');
    }
  });

  it('refuses a cookie-carrying write from a foreign Origin, on both write routes', async () => {
    const evil = 'https://evil.example';
    for (const who of ['admin', 'supervisor'] as const) {
      expect((await send('PUT', queuePath, who, { slaSeconds: 1 }, { origin: evil })).status).toBe(403);
    }
    expect(
      (await send('PUT', '/api/v1/settings/general', 'admin', { slaSeconds: 1 }, { origin: evil })).status,
    ).toBe(403);
    const after = JSON.parse((await send('GET', '/api/v1/settings/general', 'admin')).text);
    expect(after.settings.slaSeconds).not.toBe(1);
    expect(after.settings.queues[QUEUE]?.slaSeconds).not.toBe(1);
  });
});
