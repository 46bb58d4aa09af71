import { describe, expect, it } from 'vitest';
import { ADMIN, API_TOKEN, SUPERVISOR, startAuthApi } from './authTestServer';

describe('users (admins only)', () => {
  it('an admin creates, lists and deletes users; others get 401 or 403', async () => {
    const { call, setUpAdmin, revoked } = await startAuthApi();
    const admin = await setUpAdmin();
    const created = await call('/api/v1/users', { body: SUPERVISOR, cookie: admin });
    expect(created).toMatchObject({
      status: 201,
      body: { user: { id: 2, email: 'sup@example.com', role: 'supervisor' } },
    });
    expect(created.body.user).not.toHaveProperty('passwordHash');
    // A taken email and every bad field are named, each under its field (the Users form shows them there).
    expect(await call('/api/v1/users', { body: SUPERVISOR, cookie: admin })).toMatchObject({
      status: 409,
      body: { issues: [{ path: 'email', message: 'A user with this email exists' }] },
    });
    const weak = await call('/api/v1/users', {
      body: { ...SUPERVISOR, email: 'b@', password: 'short' },
      cookie: admin,
    });
    expect(weak).toMatchObject({
      status: 422,
      body: {
        issues: [
          { path: 'email', message: 'Enter an email address, like name@example.com' },
          { path: 'password', message: 'Use at least 10 characters' },
        ],
      },
    });
    expect(
      (await call('/api/v1/users', { body: { ...SUPERVISOR, role: 'display' }, cookie: admin })).status,
    ).toBe(422);

    const sup = (await call('/api/v1/login', { body: SUPERVISOR })).session;
    expect((await call('/api/v1/me', { cookie: sup })).body).toMatchObject({ role: 'supervisor' });
    expect((await call('/api/v1/users', { cookie: sup })).status).toBe(403);
    expect((await call('/api/v1/users')).status).toBe(401);
    expect((await call('/api/v1/users', { bearer: API_TOKEN })).status).toBe(403); // no accounts by API token
    expect((await call('/api/v1/users/1', { method: 'DELETE', cookie: sup })).status).toBe(403);

    const listed = await call('/api/v1/users', { cookie: admin });
    expect(listed.body.users.map((u: { email: string }) => u.email)).toEqual([
      'admin@example.com',
      'sup@example.com',
    ]);
    expect((await call('/api/v1/users/1', { method: 'DELETE', cookie: admin })).status).toBe(409); // oneself
    expect((await call('/api/v1/users/99', { method: 'DELETE', cookie: admin })).status).toBe(404);
    expect((await call('/api/v1/users/abc', { method: 'DELETE', cookie: admin })).status).toBe(404);
    expect((await call('/api/v1/users/2', { cookie: admin })).status).toBe(405);
    expect((await call('/api/v1/users/2', { method: 'DELETE', cookie: admin })).body).toEqual({ deleted: 2 });
    expect((await call('/api/v1/me', { cookie: sup })).status).toBe(401);
    expect(revoked).toContainEqual({ kind: 'user', userId: 2, reason: 'deleted' });
  });
});

describe('displays', () => {
  it('shows the token once; listing never does; revoking drops it at once', async () => {
    const { call, setUpAdmin, revoked } = await startAuthApi();
    const admin = await setUpAdmin();
    const created = await call('/api/v1/displays', {
      body: { name: 'Lobby TV', boardId: 'sales' },
      cookie: admin,
    });
    expect(created.status).toBe(201);
    const { token, display, kioskPath } = created.body;
    expect(token).toMatch(/^cbd_[\w-]{43}$/);
    expect(kioskPath).toBe(`/kiosk/sales?token=${token}`);
    expect(display).toMatchObject({ id: 1, name: 'Lobby TV', boardId: 'sales', revokedAt: null });

    const listed = await call('/api/v1/displays', { cookie: admin });
    expect(listed.body.displays).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toMatch(/token|hash/i);

    expect((await call('/api/v1/me', { bearer: token })).body).toEqual({
      kind: 'display',
      displayId: 1,
      boardId: 'sales',
    });
    expect((await call(`/api/v1/me?token=${token}`)).status).toBe(200);
    // A display manages nothing, not even itself.
    expect((await call('/api/v1/displays', { bearer: token })).status).toBe(403);
    expect((await call('/api/v1/displays/1', { method: 'DELETE', bearer: token })).status).toBe(403);

    const gone = await call('/api/v1/displays/1', { method: 'DELETE', cookie: admin });
    expect(gone.status).toBe(200);
    expect(gone.body.display.revokedAt).toEqual(expect.any(Number));
    expect(revoked).toEqual([{ kind: 'display', displayId: 1 }]);
    expect((await call('/api/v1/me', { bearer: token })).status).toBe(401);
    expect((await call(`/api/v1/me?token=${token}`)).status).toBe(401);
    expect((await call('/api/v1/displays/7', { method: 'DELETE', cookie: admin })).status).toBe(404);
  });

  it('needs an existing board and a name; supervisors and anonymous may not manage', async () => {
    const { call, setUpAdmin } = await startAuthApi();
    const admin = await setUpAdmin();
    expect(
      (await call('/api/v1/displays', { body: { name: 'x', boardId: 'nope' }, cookie: admin })).status,
    ).toBe(422);
    expect(
      (await call('/api/v1/displays', { body: { name: '', boardId: 'sales' }, cookie: admin })).status,
    ).toBe(422);
    expect(
      (await call('/api/v1/displays', { body: { name: 'x', boardId: 'Bad Id' }, cookie: admin })).status,
    ).toBe(422);
    await call('/api/v1/users', { body: SUPERVISOR, cookie: admin });
    const sup = (await call('/api/v1/login', { body: SUPERVISOR })).session;
    expect((await call('/api/v1/displays', { cookie: sup })).status).toBe(403);
    expect((await call('/api/v1/displays')).status).toBe(401);
    expect((await call('/api/v1/displays', { body: { name: 'x', boardId: 'sales' } })).status).toBe(401);
  });
});

describe('secrets', () => {
  it('no password or session token in any response body or log line; a display token only in its creation reply', async () => {
    const { call, setUpAdmin, bodies, lines } = await startAuthApi();
    const admin = await setUpAdmin();
    await call('/api/v1/users', { body: SUPERVISOR, cookie: admin });
    await call('/api/v1/login', { body: { ...SUPERVISOR, password: 'a wrong guess' } });
    const sup = (await call('/api/v1/login', { body: SUPERVISOR })).session ?? '';
    await call('/api/v1/me', { cookie: sup });
    const created = await call('/api/v1/displays', {
      body: { name: 'TV', boardId: 'sales' },
      bearer: API_TOKEN,
    });
    const displayToken: string = created.body.token;
    await call('/api/v1/me', { bearer: displayToken });
    await call('/api/v1/displays', { cookie: admin });
    await call('/api/v1/users', { cookie: admin });
    await call('/api/v1/logout', { method: 'POST', cookie: sup });

    const secrets = [ADMIN.password, SUPERVISOR.password, 'a wrong guess', admin, sup, API_TOKEN];
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(9);
      for (const text of [...bodies, ...lines]) expect(text).not.toContain(secret);
    }
    const withDisplayToken = bodies.filter((b) => b.includes(displayToken));
    expect(withDisplayToken).toEqual([JSON.stringify(created.body)]);
    for (const line of lines) expect(line).not.toContain(displayToken);
    // No hash of a password or token either.
    for (const text of [...bodies, ...lines]) expect(text).not.toMatch(/scrypt\$|[0-9a-f]{64}/);
  });
});
