import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { EVENTS, type ServerMessage, type SnapshotMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { API_TOKEN, asCallers, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * The authorization matrix over the real process: every HTTP route and the socket, for each kind of
 * caller. Two tenants' boards, one display on each: a display sees its board and nothing else.
 */
type Who = 'anonymous' | 'displayA' | 'displayB' | 'supervisor' | 'admin' | 'api';
const WHO: readonly Who[] = ['anonymous', 'displayA', 'displayB', 'supervisor', 'admin', 'api'];
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor password' };

let app: TestCallboard;
const headers: Record<Who, Record<string, string>> = {
  anonymous: {},
  displayA: {},
  displayB: {},
  supervisor: {},
  admin: {},
  api: { authorization: `Bearer ${API_TOKEN}` },
};

const fact = (tenant: string, session: string, caller: string): DomainEvent[] => [
  {
    type: 'queueCreated',
    source: `pbx-${tenant}`,
    origin: 'portsip-wsi',
    tenant,
    at: Date.now(),
    queue: { tenant, number: '8001' },
    name: `Queue ${tenant}`,
  },
  {
    type: 'callerQueued',
    source: `pbx-${tenant}`,
    origin: 'portsip-wsi',
    tenant,
    at: Date.now(),
    queue: { tenant, number: '8001' },
    caller: { sessionId: session, caller, kind: 'normal', since: Date.now() },
  },
];

const { send, login } = asCallers(() => app.url, headers);

beforeAll(async () => {
  app = await startTestCallboard({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  app.hub.ingest([...fact('tenant-a', 'sa', '0700111'), ...fact('tenant-b', 'sb', '0999222')]);
  app.hub.flush();
  await login('admin', ADMIN);
  expect((await send('POST', '/api/v1/users', 'admin', { ...SUPERVISOR, role: 'supervisor' })).status).toBe(
    201,
  );
  await login('supervisor', SUPERVISOR);
  for (const [board, tenant] of [
    ['board-a', 'tenant-a'],
    ['board-b', 'tenant-b'],
  ] as const) {
    expect(
      (await send('PUT', `/api/v1/boards/${board}`, 'api', { name: board, queues: [`${tenant}/8001`] }))
        .status,
    ).toBe(200);
    const created = await send('POST', '/api/v1/displays', 'admin', { name: `TV ${board}`, boardId: board });
    expect(created.status).toBe(201);
    headers[board === 'board-a' ? 'displayA' : 'displayB'] = {
      authorization: `Bearer ${JSON.parse(created.text).token}`,
    };
  }
}, 60_000);
afterAll(() => app.close({ remove: true }));

/** Allowed ⇒ 2xx (or 404 for a missing thing); denied ⇒ 401 / 403. */
const ROUTES: readonly { method: string; path: string; body?: unknown; allowed: readonly Who[] }[] = [
  { method: 'GET', path: '/api/v1/state', allowed: ['displayA', 'displayB', 'supervisor', 'admin', 'api'] },
  { method: 'GET', path: '/api/v1/boards/board-a', allowed: ['displayA', 'supervisor', 'admin', 'api'] },
  { method: 'GET', path: '/api/v1/boards/board-b', allowed: ['displayB', 'supervisor', 'admin', 'api'] },
  {
    method: 'PUT',
    path: '/api/v1/boards/board-c',
    body: { name: 'C', queues: ['tenant-a/8001'] },
    allowed: ['admin', 'api'],
  },
  { method: 'DELETE', path: '/api/v1/boards/board-c', allowed: ['admin', 'api'] },
  { method: 'GET', path: '/api/v1/dead-letters', allowed: ['admin', 'api'] },
  // Reports: whoever reads the boards' state, but never a display (not even of its own board's queues).
  {
    method: 'GET',
    path: '/api/v1/reports/queues?from=2020-01-01&to=2020-01-02',
    allowed: ['supervisor', 'admin', 'api'],
  },
  {
    method: 'GET',
    path: '/api/v1/reports/queues?from=2020-01-01&to=2020-01-02&board=board-a&format=csv',
    allowed: ['supervisor', 'admin', 'api'],
  },
  {
    method: 'GET',
    path: '/api/v1/reports/agents?from=2020-01-01&to=2020-01-02&board=board-a&format=csv',
    allowed: ['supervisor', 'admin', 'api'],
  },
  // A day long gone from the journal: 404 once allowed.
  { method: 'GET', path: '/api/v1/reports/calls?day=2020-01-01', allowed: ['supervisor', 'admin', 'api'] },
  {
    method: 'GET',
    path: '/api/v1/reports/calls?day=2020-01-01&board=board-a',
    allowed: ['supervisor', 'admin', 'api'],
  },
  // A day long gone from the journal: 404 once allowed.
  { method: 'POST', path: '/api/v1/history/recount', body: { day: '2020-01-01' }, allowed: ['admin', 'api'] },
  { method: 'GET', path: '/api/v1/pbx-connections', allowed: ['admin', 'api'] },
  { method: 'PUT', path: '/api/v1/pbx-connections/x', body: { name: 'x' }, allowed: ['admin', 'api'] },
  { method: 'GET', path: '/api/v1/webhook-sources', allowed: ['admin', 'api'] },
  {
    method: 'POST',
    path: '/api/v1/webhook-sources/portsip-webhook/rotate',
    body: {},
    allowed: ['admin', 'api'],
  },
  { method: 'GET', path: '/api/v1/users', allowed: ['admin'] },
  {
    method: 'POST',
    path: '/api/v1/users',
    body: { email: 'x', password: 'y', role: 'admin' },
    allowed: ['admin'],
  },
  { method: 'GET', path: '/api/v1/displays', allowed: ['admin', 'api'] },
  {
    method: 'POST',
    path: '/api/v1/displays',
    body: { name: 'n', boardId: 'nope' },
    allowed: ['admin', 'api'],
  },
  { method: 'DELETE', path: '/api/v1/displays/999', allowed: ['admin', 'api'] },
  { method: 'POST', path: '/api/v1/displays/1/reload', allowed: ['admin', 'api'] },
  { method: 'POST', path: '/api/v1/dead-letters/999/replay', allowed: ['admin', 'api'] },
  {
    method: 'POST',
    path: '/api/v1/webhook-sources/portsip-webhook/test',
    allowed: ['admin', 'api'],
  },
  { method: 'PATCH', path: '/api/v1/users/999', body: { role: 'supervisor' }, allowed: ['admin'] },
  {
    method: 'POST',
    path: '/api/v1/users/999/password',
    body: { password: 'a long enough password 1' },
    allowed: ['admin'],
  },
  // Displays read the format fields only (server/integration/generalSettings.test.ts checks which).
  {
    method: 'GET',
    path: '/api/v1/settings/general',
    allowed: ['displayA', 'displayB', 'supervisor', 'admin', 'api'],
  },
  { method: 'PUT', path: '/api/v1/settings/general', body: {}, allowed: ['admin', 'api'] },
  {
    method: 'PUT',
    path: `/api/v1/settings/queues/${encodeURIComponent('tenant-a/8001')}`,
    body: { slaSeconds: null, shortAbandonSeconds: null },
    allowed: ['supervisor', 'admin', 'api'],
  },
  // Floor messages: people who watch boards and the API token; TVs never (issue #18).
  { method: 'GET', path: '/api/v1/floor-messages', allowed: ['supervisor', 'admin', 'api'] },
  {
    method: 'POST',
    path: '/api/v1/floor-messages',
    body: { text: 't', severity: 'info', boardIds: ['nope'], expiresInSeconds: null },
    allowed: ['supervisor', 'admin', 'api'],
  },
  { method: 'DELETE', path: '/api/v1/floor-messages/999', allowed: ['supervisor', 'admin', 'api'] },
  { method: 'GET', path: '/api/v1/fleet', allowed: ['admin', 'api'] },
  {
    method: 'PUT',
    path: '/api/v1/fleet/settings',
    body: { alertAfterMinutes: 0 },
    allowed: ['admin', 'api'],
  },
  {
    method: 'POST',
    path: '/api/v1/pairings/bind',
    body: { code: 'ZZZZZZ', boardId: 'board-a', name: 'x' },
    allowed: ['admin', 'api'],
  },
  // POST /api/v1/me/password answers 403 to a wrong current password, so it is in
  // server/http/userChanges.test.ts, for every kind of caller.
];

const denied = (status: number) => status === 401 || status === 403;

describe('authorization matrix', () => {
  for (const route of ROUTES) {
    for (const who of WHO) {
      const allow = route.allowed.includes(who);
      it(`${route.method} ${route.path} × ${who}: ${allow ? 'allowed' : 'denied'}`, async () => {
        const r = await send(route.method, route.path, who, route.body);
        if (allow) expect(denied(r.status), `${r.status} ${r.text}`).toBe(false);
        else expect(denied(r.status), `${r.status} ${r.text}`).toBe(true);
        // Next's middleware-bypass header opens nothing: there is no middleware to skip.
        if (!allow) {
          const bypass = await send(route.method, route.path, who, route.body, {
            'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
          });
          expect(denied(bypass.status)).toBe(true);
        }
      });
    }
  }

  it('a display reads its own board’s queues and nothing of the other tenant', async () => {
    const a = await send('GET', '/api/v1/state', 'displayA');
    expect(JSON.parse(a.text).queues.map((q: { id: string }) => q.id)).toEqual(['tenant-a/8001']);
    expect(a.text).not.toContain('tenant-b');
    expect(a.text).not.toContain('0999222');
    const boards = JSON.parse((await send('GET', '/api/v1/boards', 'displayB')).text).boards;
    expect(boards.map((b: { id: string }) => b.id)).toEqual(['board-b']);
  });

  it('a supervisor’s board change keeps only the thresholds', async () => {
    const r = await send('PUT', '/api/v1/boards/board-a', 'supervisor', {
      name: 'Renamed',
      queues: ['tenant-b/8001'],
      thresholds: { waiting: { direction: 'above', warn: 1, critical: 2 } },
      serviceLevelFormula: 'answeredOnly',
    });
    expect(r.status).toBe(200);
    const board = JSON.parse(r.text).board;
    expect(board).toMatchObject({
      name: 'board-a',
      queues: ['tenant-a/8001'],
      thresholds: { waiting: { warn: 1 } },
      serviceLevelFormula: 'excludeShortAbandons',
    });
  });

  it('rate-limits failed logins: 429 with Retry-After, even for the right password after', async () => {
    const attempt = (password: string) =>
      fetch(`${app.url}/api/v1/login`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/json' },
        body: JSON.stringify({ email: SUPERVISOR.email, password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(`guess number ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt(SUPERVISOR.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a cookie-carrying write from a foreign Origin (CSRF)', async () => {
    const r = await send(
      'PUT',
      '/api/v1/boards/board-a',
      'admin',
      { name: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(r.status).toBe(403);
    const p = await send(
      'PUT',
      '/api/v1/pbx-connections/x',
      'admin',
      { name: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(p.status).toBe(403);
  });

  async function socketSnapshot(who: Who): Promise<SnapshotMessage | 'refused'> {
    const token = who === 'api' ? API_TOKEN : headers[who].authorization?.slice('Bearer '.length);
    const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth: token ? { token } : {},
      extraHeaders: { origin: app.url, ...(headers[who].cookie ? { cookie: headers[who].cookie } : {}) },
    });
    try {
      return await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer')), 5_000);
        socket.on('connect_error', () => {
          clearTimeout(timer);
          resolve('refused');
        });
        socket.on(EVENTS.server, (m: ServerMessage) => {
          if (m.type !== 'snapshot') return;
          clearTimeout(timer);
          resolve(m);
        });
      });
    } finally {
      socket.close();
    }
  }

  for (const who of WHO) {
    it(`socket × ${who}`, async () => {
      const snap = await socketSnapshot(who);
      if (who === 'anonymous') return expect(snap).toBe('refused');
      if (snap === 'refused') throw new Error(`${who} was refused`);
      const ids = snap.state.queues.map((q) => q.id).sort();
      if (who === 'displayA') expect(ids).toEqual(['tenant-a/8001']);
      else if (who === 'displayB') expect(ids).toEqual(['tenant-b/8001']);
      else expect(ids).toEqual(['tenant-a/8001', 'tenant-b/8001']);
      const text = JSON.stringify(snap);
      if (who === 'displayA') expect(text).not.toContain('0999222');
      if (who === 'displayB') expect(text).not.toContain('0700111');
    });
  }

  it('a board whose queues change sends its displays back through the handshake, with the new scope', async () => {
    const token = headers.displayA.authorization?.slice('Bearer '.length) ?? '';
    const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
    });
    const other = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: headers.displayB.authorization?.slice('Bearer '.length) ?? '' },
    });
    try {
      await Promise.all([socket, other].map((s) => new Promise((r) => s.once(EVENTS.server, r))));
      const dropped = new Promise<string>((r) => socket.once('disconnect', r));
      let otherDropped = false;
      other.once('disconnect', () => {
        otherDropped = true;
      });
      expect(
        (
          await send('PUT', '/api/v1/boards/board-a', 'api', {
            name: 'board-a',
            queues: ['tenant-a/8001', 'tenant-a/8002'],
          })
        ).status,
      ).toBe(200);
      expect(await dropped).toBe('io server disconnect');
      await new Promise((r) => setTimeout(r, 100));
      expect(otherDropped).toBe(false); // board B's display is not touched
    } finally {
      socket.close();
      other.close();
      await send('PUT', '/api/v1/boards/board-a', 'api', { name: 'board-a', queues: ['tenant-a/8001'] });
    }
  });
});
