import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { startTestCallboard } from '../testing/callboard';
import { ADMIN, API_TOKEN, SUPERVISOR, startAuthApi } from './authTestServer';

/**
 * Password and role changes over real HTTP and SQLite: one's own password (the current one first),
 * an admin's reset of another's, and admin ⇄ supervisor. Each ends exactly the sessions it must, and
 * no password or session token is ever in a reply or a log line.
 */
const NEW_PASSWORD = 'a brand new password 3';
const RESET_PASSWORD = 'reset by the admin 4';
const ELSEWHERE = 'https://evil.example';

async function withSupervisor(o: Parameters<typeof startAuthApi>[0] = {}) {
  const t = await startAuthApi(o);
  const admin = await t.setUpAdmin();
  expect((await t.call('/api/v1/users', { body: SUPERVISOR, cookie: admin })).status).toBe(201);
  const login = async (creds: { email: string; password: string }) =>
    (await t.call('/api/v1/login', { body: creds })).session ?? '';
  return { ...t, admin, login };
}

describe('changing one’s own password', () => {
  it('needs the current one; ends every other session; this browser gets a fresh one', async () => {
    const { call, login, revoked, bodies, lines, admin } = await withSupervisor();
    const here = await login(SUPERVISOR);
    const elsewhere = await login(SUPERVISOR);
    const change = (body: unknown, cookie = here, origin?: string) =>
      call('/api/v1/me/password', { body, cookie, ...(origin ? { origin } : {}) });

    const wrong = await change({ currentPassword: 'not my password', newPassword: NEW_PASSWORD });
    expect(wrong).toMatchObject({ status: 403, body: { error: 'the current password is wrong' } });
    const weak = await change({ currentPassword: SUPERVISOR.password, newPassword: 'short' });
    expect(weak).toMatchObject({ status: 422, body: { error: expect.stringMatching(/^password: /) } });
    expect((await change({ newPassword: NEW_PASSWORD })).status).toBe(400);
    expect(
      (await change({ currentPassword: SUPERVISOR.password, newPassword: NEW_PASSWORD }, here, ELSEWHERE))
        .status,
    ).toBe(403);
    expect((await call('/api/v1/me', { cookie: elsewhere })).status).toBe(200); // nothing changed yet

    const changed = await change({ currentPassword: SUPERVISOR.password, newPassword: NEW_PASSWORD });
    expect(changed).toMatchObject({ status: 200, body: { user: { email: SUPERVISOR.email } } });
    const renewed = changed.session ?? '';
    expect(renewed).not.toBe('');
    expect(renewed).not.toBe(here);
    expect((await call('/api/v1/me', { cookie: renewed })).status).toBe(200);
    expect((await call('/api/v1/me', { cookie: here })).status).toBe(401);
    expect((await call('/api/v1/me', { cookie: elsewhere })).status).toBe(401);
    expect((await call('/api/v1/me', { cookie: admin })).status).toBe(200); // other users untouched
    expect(revoked).toContainEqual({ kind: 'user', userId: 2, reason: 'password-changed' });

    expect((await call('/api/v1/login', { body: SUPERVISOR })).status).toBe(401);
    expect((await call('/api/v1/login', { body: { ...SUPERVISOR, password: NEW_PASSWORD } })).status).toBe(
      200,
    );

    const secrets = [SUPERVISOR.password, NEW_PASSWORD, 'not my password', here, elsewhere, renewed];
    for (const secret of secrets)
      for (const text of [...bodies, ...lines]) expect(text).not.toContain(secret);
    expect(lines.some((l) => l.includes('wrong current password'))).toBe(true);
  });

  it('is for people: anonymous 401, the API token and displays 403', async () => {
    const { call, admin } = await withSupervisor();
    const body = { currentPassword: 'x', newPassword: NEW_PASSWORD };
    const tv = await call('/api/v1/displays', { body: { name: 'TV', boardId: 'sales' }, cookie: admin });
    expect((await call('/api/v1/me/password', { body, bearer: tv.body.token })).status).toBe(403);
    expect((await call('/api/v1/me/password', { body })).status).toBe(401);
    expect((await call('/api/v1/me/password', { body, bearer: API_TOKEN })).status).toBe(403);
    expect((await call('/api/v1/me/password', { cookie: 'x' })).status).toBe(405);
  });

  it('wrong current passwords are rate-limited like logins', async () => {
    const { call, login } = await withSupervisor({
      limits: { perAccount: 3, perAddress: 30, windowSeconds: 900 },
    });
    const here = await login(SUPERVISOR);
    const change = (currentPassword: string) =>
      call('/api/v1/me/password', { body: { currentPassword, newPassword: NEW_PASSWORD }, cookie: here });
    for (let i = 0; i < 3; i++) expect((await change(`wrong guess ${i}`)).status).toBe(403);
    const limited = await change(SUPERVISOR.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same count as the login form's: guessing here does not buy more guesses there.
    expect((await call('/api/v1/login', { body: SUPERVISOR })).status).toBe(429);
  });
});

describe('an admin resets a password', () => {
  it('ends every session of that user; the old password stops working', async () => {
    const { call, login, admin, revoked, bodies, lines } = await withSupervisor();
    const sup = await login(SUPERVISOR);
    const reset = (
      id: number,
      body: unknown,
      c: { cookie?: string; bearer?: string; origin?: string } = {},
    ) => call(`/api/v1/users/${id}/password`, { body, ...c });

    expect((await reset(2, { password: RESET_PASSWORD }, { cookie: sup })).status).toBe(403);
    expect((await reset(2, { password: RESET_PASSWORD }, { bearer: API_TOKEN })).status).toBe(403);
    expect((await reset(2, { password: RESET_PASSWORD })).status).toBe(401);
    expect((await reset(2, { password: RESET_PASSWORD }, { cookie: admin, origin: ELSEWHERE })).status).toBe(
      403,
    );
    expect((await reset(2, { password: 'short' }, { cookie: admin })).status).toBe(422);
    expect((await reset(9, { password: RESET_PASSWORD }, { cookie: admin })).status).toBe(404);
    expect((await reset(1, { password: RESET_PASSWORD }, { cookie: admin })).status).toBe(409); // oneself
    expect((await call('/api/v1/me', { cookie: sup })).status).toBe(200);
    expect(revoked).toEqual([]);

    const done = await reset(2, { password: RESET_PASSWORD }, { cookie: admin });
    expect(done).toMatchObject({ status: 200, body: { user: { id: 2, role: 'supervisor' } } });
    expect(done.setCookie).toBeNull(); // the admin's own session is not touched
    expect((await call('/api/v1/me', { cookie: sup })).status).toBe(401);
    expect((await call('/api/v1/me', { cookie: admin })).status).toBe(200);
    expect(revoked).toEqual([{ kind: 'user', userId: 2, reason: 'password-changed' }]);
    expect((await call('/api/v1/login', { body: SUPERVISOR })).status).toBe(401);
    expect((await call('/api/v1/login', { body: { ...SUPERVISOR, password: RESET_PASSWORD } })).status).toBe(
      200,
    );
    for (const text of [...bodies, ...lines]) {
      expect(text).not.toContain(RESET_PASSWORD);
      expect(text).not.toMatch(/scrypt\$/);
    }
  });
});

describe('roles', () => {
  it('admin ⇄ supervisor applies to open sessions at once; the last admin stays an admin', async () => {
    const { call, login, admin, revoked } = await withSupervisor();
    const sup = await login(SUPERVISOR);
    const setRole = (id: number, role: string, c: { cookie?: string; bearer?: string; origin?: string }) =>
      call(`/api/v1/users/${id}`, { method: 'PATCH', body: { role }, ...c });

    const last = await setRole(1, 'supervisor', { cookie: admin });
    expect(last).toMatchObject({ status: 409, body: { error: 'the last admin cannot be demoted' } });
    expect((await setRole(2, 'admin', { cookie: sup })).status).toBe(403);
    expect((await setRole(2, 'admin', { bearer: API_TOKEN })).status).toBe(403);
    expect((await setRole(2, 'admin', {})).status).toBe(401);
    expect((await setRole(2, 'admin', { cookie: admin, origin: ELSEWHERE })).status).toBe(403);
    expect((await setRole(2, 'owner', { cookie: admin })).status).toBe(422);
    expect((await setRole(9, 'admin', { cookie: admin })).status).toBe(404);
    expect(revoked).toEqual([]);

    // Promoted: the supervisor's open session manages users without logging in again.
    expect((await call('/api/v1/users', { cookie: sup })).status).toBe(403);
    expect(await setRole(2, 'admin', { cookie: admin })).toMatchObject({
      status: 200,
      body: { user: { id: 2, role: 'admin' } },
    });
    expect((await call('/api/v1/users', { cookie: sup })).status).toBe(200);
    expect((await setRole(2, 'admin', { cookie: admin })).status).toBe(200); // unchanged: no revocation
    expect(revoked).toEqual([{ kind: 'user', userId: 2, reason: 'role-changed' }]);

    // Two admins: the first may step down, and its open session loses the rights at once.
    expect((await setRole(1, 'supervisor', { cookie: admin })).status).toBe(200);
    expect((await call('/api/v1/users', { cookie: admin })).status).toBe(403);
    expect((await call('/api/v1/me', { cookie: admin })).body).toMatchObject({ role: 'supervisor' });
    expect((await setRole(2, 'supervisor', { cookie: sup })).status).toBe(409); // now the last admin
  });
});

describe('sockets over the whole app', () => {
  it('a demoted admin’s socket is sent back through the handshake; a reset one stays out', async () => {
    const app = await startTestCallboard({
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    try {
      const post = (path: string, body: unknown, cookie: string, method = 'POST') =>
        fetch(`${app.url}${path}`, {
          method,
          headers: { origin: app.url, cookie, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const loginCookie = async (creds: { email: string; password: string }) => {
        const res = await post('/api/v1/login', creds, '');
        expect(res.status).toBe(200);
        return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      };
      const admin = await loginCookie(ADMIN);
      const second = { email: 'second@example.com', password: 'second admin pw 5' };
      expect((await post('/api/v1/users', { ...second, role: 'admin' }, admin)).status).toBe(201);
      const secondCookie = await loginCookie(second);

      const open = (cookie: string) => {
        const socket = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: { origin: app.url, cookie },
        });
        return new Promise<typeof socket>((resolve, reject) => {
          socket.once(EVENTS.server, () => resolve(socket));
          socket.once('connect_error', reject);
        });
      };
      const dropped = (socket: Awaited<ReturnType<typeof open>>) =>
        new Promise<string>((r) => socket.once('disconnect', r));

      const first = await open(secondCookie);
      const demoted = dropped(first);
      expect((await post('/api/v1/users/2', { role: 'supervisor' }, admin, 'PATCH')).status).toBe(200);
      expect(await demoted).toBe('io server disconnect');
      const again = await open(secondCookie); // the session is still good: back in, as a supervisor
      const reset = dropped(again);
      expect((await post('/api/v1/users/2/password', { password: RESET_PASSWORD }, admin)).status).toBe(200);
      expect(await reset).toBe('io server disconnect');
      await expect(open(secondCookie)).rejects.toThrow('unauthorized');
    } finally {
      await app.close({ remove: true });
    }
  });
});
