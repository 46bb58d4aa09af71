import { describe, expect, it } from 'vitest';
import { createAuth, handshakeCredentials } from './index';
import { authTestBed, fakeRequest } from './testing';

const open = authTestBed();
const API_TOKEN = 'api-token-0123456789abcdef';

async function setUp() {
  const { storage, clock } = open();
  const auth = createAuth({
    storage,
    now: clock.now,
    apiToken: API_TOKEN,
    trustProxy: false,
    sessionIdleHours: 12,
  });
  const admin = await storage.users.create({
    email: 'a@example.com',
    passwordHash: 'x',
    role: 'admin',
    createdAt: 0,
  });
  const session = (await auth.sessions.start(admin.id, undefined)).token;
  const lobby = await auth.displays.create('Lobby', 'sales');
  return { storage, clock, auth, admin, session, lobby };
}

const req = (headers: Record<string, string>, url = '/api/v1/state') => fakeRequest({ url, headers });

describe('authenticate', () => {
  it('knows a session cookie, the API token, and a display token by Bearer or ?token=', async () => {
    const { auth, admin, session, lobby } = await setUp();
    expect(await auth.authenticate(req({ cookie: `theme=dark; callboard_session=${session}` }))).toEqual({
      kind: 'user',
      role: 'admin',
      userId: admin.id,
    });
    expect(await auth.authenticate(req({ authorization: `Bearer ${API_TOKEN}` }))).toEqual({ kind: 'api' });
    const asDisplay = { kind: 'display', displayId: lobby.display.id, boardId: 'sales' };
    expect(await auth.authenticate(req({ authorization: `Bearer ${lobby.token}` }))).toEqual(asDisplay);
    expect(await auth.authenticate(req({}, `/kiosk/sales?token=${lobby.token}`))).toEqual(asDisplay);
    expect(await auth.authenticate(req({}))).toEqual({ kind: 'anonymous' });
  });

  it('rejects a wrong token: no fallback to the cookie, nor to anonymous', async () => {
    const { auth, session } = await setUp();
    const cookie = `callboard_session=${session}`;
    expect((await auth.authenticate(req({ cookie, authorization: 'Bearer cbd_wrong' }))).kind).toBe(
      'rejected',
    );
    expect((await auth.authenticate(req({ cookie }, '/x?token=cbd_wrong'))).kind).toBe('rejected');
    expect((await auth.authenticate(req({ cookie: 'callboard_session=forged' }))).kind).toBe('rejected');
  });

  it('rejects any other Authorization header, even beside a good cookie', async () => {
    const { auth, session } = await setUp();
    const cookie = `callboard_session=${session}`;
    for (const authorization of ['Basic YTpi', 'Bearer ', 'Bearer', API_TOKEN, 'Digest username="a"'])
      expect((await auth.authenticate(req({ cookie, authorization }))).kind, authorization).toBe('rejected');
  });

  it('rejects a session that expired or ended (no fallback to anonymous)', async () => {
    const { auth, clock, admin } = await setUp();
    const idle = (await auth.sessions.start(admin.id, undefined)).token;
    expect((await auth.authenticate(req({ cookie: `callboard_session=${idle}` }))).kind).toBe('user');
    clock.advance(12 * 3600_000 + 1);
    expect((await auth.authenticate(req({ cookie: `callboard_session=${idle}` }))).kind).toBe('rejected');
    const ended = (await auth.sessions.start(admin.id, undefined)).token;
    await auth.sessions.end(ended);
    expect((await auth.authenticate(req({ cookie: `callboard_session=${ended}` }))).kind).toBe('rejected');
    expect((await auth.authenticate(req({ cookie: 'callboard_session=' }))).kind).toBe('anonymous');
  });

  it('never takes the API token from the URL', async () => {
    const { auth } = await setUp();
    expect((await auth.authenticate(req({}, `/api/v1/state?token=${API_TOKEN}`))).kind).toBe('rejected');
  });

  it('drops a display at once when it is revoked', async () => {
    const { auth, lobby, storage, clock } = await setUp();
    const bearer = req({ authorization: `Bearer ${lobby.token}` });
    expect((await auth.authenticate(bearer)).kind).toBe('display');
    clock.advance(5);
    expect((await auth.displays.revoke(lobby.display.id))?.revokedAt).toBe(clock.now());
    expect(await auth.authenticate(bearer)).toEqual({ kind: 'rejected', revoked: true });
    // An unknown token is only rejected: "revoked" is for a token that was valid.
    const unknown = req({ authorization: `Bearer ${lobby.token.slice(0, -4)}zzzz` });
    expect(await auth.authenticate(unknown)).toEqual({ kind: 'rejected' });
    expect((await storage.displays.get(lobby.display.id))?.lastSeenAt).not.toBeNull();
  });

  it('drops a user whose account was deleted', async () => {
    const { auth, storage, session } = await setUp();
    const other = await storage.users.create({
      email: 'b@example.com',
      passwordHash: 'x',
      role: 'admin',
      createdAt: 0,
    });
    const token = (await auth.sessions.start(other.id, undefined)).token;
    expect(await storage.users.delete(other.id)).toBe('deleted');
    expect((await auth.authenticate(req({ cookie: `callboard_session=${token}` }))).kind).toBe('rejected');
    expect((await auth.authenticate(req({ cookie: `callboard_session=${session}` }))).kind).toBe('user');
  });

  it('has no API principal when no API token is configured', async () => {
    const { storage, clock } = open();
    const auth = createAuth({
      storage,
      now: clock.now,
      apiToken: null,
      trustProxy: false,
      sessionIdleHours: 1,
    });
    expect((await auth.authenticate(req({ authorization: 'Bearer ' }))).kind).toBe('rejected');
    expect((await auth.principalOf({ bearer: 'anything-at-all-here' })).kind).toBe('rejected');
  });
});

describe('socket handshakes', () => {
  it('take the token from auth.token, else the cookie or ?token=', async () => {
    const { auth, lobby, session } = await setUp();
    const handshake = (headers: Record<string, string>, authField: unknown, url = '/socket.io/?EIO=4') =>
      auth.principalOf(handshakeCredentials(fakeRequest({ url, headers }), authField));
    expect((await handshake({}, { token: lobby.token })).kind).toBe('display');
    expect((await handshake({ cookie: `callboard_session=${session}` }, {})).kind).toBe('user');
    expect((await handshake({ cookie: `callboard_session=${session}` }, { token: 'cbd_revoked' })).kind).toBe(
      'rejected',
    );
    expect((await handshake({}, undefined, `/socket.io/?EIO=4&token=${lobby.token}`)).kind).toBe('display');
    expect((await handshake({}, { token: API_TOKEN })).kind).toBe('api');
    expect((await handshake({}, { token: 42 })).kind).toBe('rejected');
    expect((await handshake({}, { token: '' })).kind).toBe('anonymous');
    expect((await handshake({}, null)).kind).toBe('anonymous');
    expect((await handshake({}, {})).kind).toBe('anonymous');
  });

  it('refuse a cookie-carrying handshake from another site', async () => {
    const { auth, session } = await setUp();
    const req = (origin: string) =>
      fakeRequest({ headers: { cookie: `callboard_session=${session}`, host: 'h:3000', origin } });
    expect(auth.handshakeOriginAllowed(req('http://h:3000'))).toBe(true);
    expect(auth.handshakeOriginAllowed(req('https://evil.example'))).toBe(false);
    expect(auth.originAllowed(req('https://evil.example'))).toBe(true); // a GET changes nothing
    expect(auth.handshakeOriginAllowed(fakeRequest({ headers: { origin: 'https://evil.example' } }))).toBe(
      true,
    );
  });
});
