import { describe, expect, it } from 'vitest';
import { ADMIN, API_TOKEN, HOUR, SUPERVISOR, startAuthApi } from './authTestServer';

describe('first run', () => {
  it('creates the first admin once, logs them in with a strict cookie, then closes', async () => {
    const { call } = await startAuthApi();
    expect((await call('/api/v1/setup')).body).toEqual({ needsSetup: true });
    const weak = await call('/api/v1/setup', { body: { email: 'a@example.com', password: 'short' } });
    expect(weak).toMatchObject({ status: 422, body: { error: 'password: Use at least 10 characters' } });
    expect(
      (await call('/api/v1/setup', { body: { email: 'nope', password: 'long enough pw' } })).status,
    ).toBe(422);
    // Ten spaces and the first guess of every list are not passwords either; nothing is created.
    for (const password of [' '.repeat(10), 'password123'])
      expect((await call('/api/v1/setup', { body: { email: 'a@example.com', password } })).status).toBe(422);
    expect((await call('/api/v1/setup')).body).toEqual({ needsSetup: true });

    const done = await call('/api/v1/setup', { body: ADMIN });
    expect(done.status).toBe(201);
    expect(done.body.user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect(done.setCookie).toMatch(
      /^callboard_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800$/,
    );
    expect((await call('/api/v1/me', { cookie: done.session })).body).toMatchObject({
      kind: 'user',
      email: 'admin@example.com',
      role: 'admin',
    });
    const again = await call('/api/v1/setup', {
      body: { email: 'b@example.com', password: 'another password' },
    });
    expect(again.status).toBe(409);
    expect((await call('/api/v1/setup')).body).toEqual({ needsSetup: false });
  });

  it('sets Secure over https only when the proxy is trusted', async () => {
    const trusted = await startAuthApi({ trustProxy: true });
    const viaProxy = await trusted.call('/api/v1/setup', {
      body: ADMIN,
      origin: 'https://wall.example.com',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'wall.example.com' },
    });
    expect(viaProxy.setCookie).toMatch(/; Secure$/);
    const untrusted = await startAuthApi();
    const direct = await untrusted.call('/api/v1/setup', {
      body: ADMIN,
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(direct.setCookie).not.toMatch(/Secure/);
  });
});

describe('login and logout', () => {
  it('401 for a wrong password or unknown email alike; 200 and a new session otherwise', async () => {
    const { call, setUpAdmin } = await startAuthApi();
    const first = await setUpAdmin();
    const wrong = await call('/api/v1/login', { body: { ...ADMIN, password: 'wrong password' } });
    const unknown = await call('/api/v1/login', { body: { email: 'who@example.com', password: 'x' } });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'wrong email or password' } });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.setCookie).toBeNull();
    const ok = await call('/api/v1/login', {
      body: { email: 'ADMIN@example.com', password: ADMIN.password },
      cookie: first,
    });
    expect(ok.status).toBe(200);
    expect(ok.session).toMatch(/^[\w-]{43}$/);
    expect(ok.session).not.toBe(first);
    // The session the browser came with is ended (no fixation).
    expect((await call('/api/v1/me', { cookie: first })).status).toBe(401);
    expect((await call('/api/v1/login', { body: { email: 1 } })).status).toBe(400);
    expect((await call('/api/v1/login')).status).toBe(405);
  });

  it('rate-limits failures per address+email (429 with Retry-After), even for the right password', async () => {
    const { call, setUpAdmin } = await startAuthApi();
    await setUpAdmin();
    for (let i = 0; i < 5; i++) {
      expect((await call('/api/v1/login', { body: { ...ADMIN, password: `guess ${i}` } })).status).toBe(401);
    }
    const blocked = await call('/api/v1/login', { body: ADMIN });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(blocked.setCookie).toBeNull();
    // Another account from the same address is still tried.
    expect((await call('/api/v1/login', { body: { email: 'x@example.com', password: 'y' } })).status).toBe(
      401,
    );
  });

  it('rate-limits failures per address across emails', async () => {
    const { call } = await startAuthApi({ limits: { perAccount: 5, perAddress: 3, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) {
      expect((await call('/api/v1/login', { body: { email: `u${i}@x.io`, password: 'p' } })).status).toBe(
        401,
      );
    }
    expect((await call('/api/v1/login', { body: { email: 'u9@x.io', password: 'p' } })).status).toBe(429);
  });

  it('logout ends the session, clears the cookie and reports the revocation', async () => {
    const { call, setUpAdmin, revoked } = await startAuthApi();
    const session = await setUpAdmin();
    const out = await call('/api/v1/logout', { method: 'POST', cookie: session });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/^callboard_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect((await call('/api/v1/me', { cookie: session })).status).toBe(401);
    expect(revoked).toEqual([{ kind: 'user', userId: 1, reason: 'logout' }]);
  });

  it('a session idle for 12 hours is over', async () => {
    const { call, setUpAdmin, clock } = await startAuthApi();
    const session = await setUpAdmin();
    clock.advance(11 * HOUR);
    expect((await call('/api/v1/me', { cookie: session })).status).toBe(200);
    clock.advance(12 * HOUR);
    expect((await call('/api/v1/me', { cookie: session })).status).toBe(401);
  });
});

describe('cross-site requests', () => {
  it('403 for a cookie-carrying write from a foreign Origin, or with no Origin or Referer', async () => {
    const { call, setUpAdmin } = await startAuthApi();
    const session = await setUpAdmin();
    const evil = await call('/api/v1/logout', {
      method: 'POST',
      cookie: session,
      origin: 'https://evil.example',
    });
    expect(evil).toMatchObject({ status: 403, body: { error: 'cross-origin request refused' } });
    expect((await call('/api/v1/me', { cookie: session })).status).toBe(200);
    const bare = await call('/api/v1/users', { body: SUPERVISOR, cookie: session, origin: null });
    expect(bare.status).toBe(403);
    const referred = await call('/api/v1/users', {
      body: SUPERVISOR,
      cookie: session,
      origin: null,
      headers: { referer: 'https://evil.example/page' },
    });
    expect(referred.status).toBe(403);
    expect((await call('/api/v1/users', { cookie: session })).body.users).toHaveLength(1);
  });

  it('lets Bearer-only writes through whatever their Origin', async () => {
    const { call } = await startAuthApi();
    const created = await call('/api/v1/displays', {
      body: { name: 'Lobby', boardId: 'sales' },
      bearer: API_TOKEN,
      origin: 'https://automation.example',
    });
    expect(created.status).toBe(201);
  });
});
