import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOARD_ID } from '../../lib/board/model';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { apiRequest, loginCookie, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * DEMO=1 opens its default board to anyone without credentials. A credential that is presented and
 * not valid (revoked display token, ended session, wrong API token, another scheme) must get
 * "unauthorized", never that anonymous fallback: over HTTP and on the socket (issue #13, part 4).
 */
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
let app: TestCallboard;
let revokedToken = '';
let endedCookie = '';

beforeAll(async () => {
  app = await startTestCallboard({
    env: { DEMO: '1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  const created = await apiRequest(app.url, 'POST', '/api/v1/displays', {
    name: 'Lobby',
    boardId: DEFAULT_BOARD_ID,
  });
  expect(created.status).toBe(201);
  const { token, display } = (await created.json()) as { token: string; display: { id: number } };
  revokedToken = token;
  expect((await apiRequest(app.url, 'DELETE', `/api/v1/displays/${display.id}`)).status).toBeLessThan(300);
  endedCookie = await loginCookie(app.url, ADMIN);
  const out = await fetch(`${app.url}/api/v1/logout`, {
    method: 'POST',
    headers: { origin: app.url, cookie: endedCookie },
  });
  expect(out.status).toBe(200);
}, 60_000);
afterAll(() => app.close({ remove: true }));

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers });

describe('HTTP: a rejected credential is not anonymous', () => {
  it('anonymous reads the public board (the fallback that must stay closed to the rest)', async () => {
    expect((await get('/api/v1/state')).status).toBe(200);
    expect((await get(`/api/v1/boards/${DEFAULT_BOARD_ID}`)).status).toBe(200);
  });

  // Thunks: the tokens exist once beforeAll has run.
  const cases: [string, () => { headers?: Record<string, string>; query?: string }][] = [
    ['a revoked display token as Bearer', () => ({ headers: { authorization: `Bearer ${revokedToken}` } })],
    ['a revoked display token in ?token=', () => ({ query: `?token=${encodeURIComponent(revokedToken)}` })],
    ['an ended session cookie', () => ({ headers: { cookie: endedCookie } })],
    ['a wrong API token', () => ({ headers: { authorization: 'Bearer not-the-api-token-0123456789' } })],
    ['a Basic header', () => ({ headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })],
  ];
  for (const [name, credentials] of cases) {
    it(`${name} → 401 on the state, the public board and the display formats`, async () => {
      const { headers = {}, query = '' } = credentials();
      for (const path of [
        '/api/v1/state',
        `/api/v1/boards/${DEFAULT_BOARD_ID}`,
        '/api/v1/settings/general',
      ]) {
        const res = await get(`${path}${query}`, headers);
        expect(res.status, `${path}: ${name}`).toBe(401);
        const { error } = (await res.json()) as { error: string };
        // The state route says what it takes; the guarded ones say what was wrong.
        if (path !== '/api/v1/state') expect(error).toMatch(/not valid/);
      }
    });
  }
});

describe('socket: a rejected credential is refused, not admitted as a demo viewer', () => {
  function admission(auth: Record<string, unknown>, cookie?: string): Promise<'snapshot' | string> {
    const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth,
      extraHeaders: { origin: app.url, ...(cookie ? { cookie } : {}) },
    });
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer')), 5_000);
      socket.on('connect_error', (err) => {
        clearTimeout(timer);
        resolve(err.message);
      });
      socket.on(EVENTS.server, (m: ServerMessage) => {
        if (m.type !== 'snapshot') return;
        clearTimeout(timer);
        resolve('snapshot');
      });
    }).finally(() => socket.close());
  }

  it('anonymous watches the public board', async () => {
    expect(await admission({})).toBe('snapshot');
  });

  it('a revoked display token: refused as revoked, so its screen can say its access was revoked', async () => {
    expect(await admission({ token: revokedToken })).toBe('revoked');
  });

  it('an unknown display token, an ended session, a non-string token: unauthorized', async () => {
    expect(await admission({ token: `${revokedToken.slice(0, -4)}zzzz` })).toBe('unauthorized');
    expect(await admission({}, endedCookie)).toBe('unauthorized');
    expect(await admission({ token: 42 })).toBe('unauthorized');
  });
});
