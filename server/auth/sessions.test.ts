import { describe, expect, it } from 'vitest';
import { createAuth } from './index';
import { authTestBed } from './testing';

const open = authTestBed();
const HOUR = 3600_000;

async function setUp() {
  const { storage, clock } = open();
  const auth = createAuth({
    storage,
    now: clock.now,
    apiToken: null,
    trustProxy: false,
    sessionIdleHours: 12,
  });
  const user = await storage.users.create({
    email: 'a@example.com',
    passwordHash: 'x',
    role: 'supervisor',
    createdAt: 0,
  });
  return { storage, clock, auth, user };
}

describe('sessions', () => {
  it('store only the hash of the token, and resume by the token', async () => {
    const { auth, storage, user } = await setUp();
    const { token } = await auth.sessions.start(user.id, 'Firefox');
    expect(token).toMatch(/^[\w-]{43}$/);
    const live = await auth.sessions.resume(token);
    expect(live?.user).toEqual(user);
    expect(live?.sessionId).not.toBe(token);
    expect(await storage.sessions.get(token)).toBeUndefined();
    expect(await auth.sessions.resume(`${token}x`)).toBeUndefined();
  });

  it('end after 12 idle hours, counted from the last request', async () => {
    const { auth, clock, user } = await setUp();
    const { token } = await auth.sessions.start(user.id, undefined);
    clock.advance(11 * HOUR);
    expect(await auth.sessions.resume(token)).toBeDefined(); // activity moves the idle window
    clock.advance(12 * HOUR - 1);
    expect(await auth.sessions.resume(token)).toBeDefined();
    clock.advance(12 * HOUR);
    expect(await auth.sessions.resume(token)).toBeUndefined();
    clock.advance(-24 * HOUR); // even if the clock steps back, the row is gone
    expect(await auth.sessions.resume(token)).toBeUndefined();
  });

  it('end 7 days after login however active', async () => {
    const { auth, clock, user } = await setUp();
    const { token, expiresAt } = await auth.sessions.start(user.id, undefined);
    expect(expiresAt - clock.now()).toBe(7 * 24 * HOUR);
    for (let h = 6; h < 7 * 24; h += 6) {
      clock.advance(6 * HOUR);
      expect(await auth.sessions.resume(token), `hour ${h}`).toBeDefined();
    }
    clock.advance(6 * HOUR);
    expect(await auth.sessions.resume(token)).toBeUndefined();
  });

  it('write last_seen at most once a minute', async () => {
    const { auth, clock, storage, user } = await setUp();
    const { token } = await auth.sessions.start(user.id, undefined);
    const started = clock.now();
    const id = (await auth.sessions.resume(token))?.sessionId ?? '';
    clock.advance(59_000);
    await auth.sessions.resume(token);
    expect((await storage.sessions.get(id))?.session.lastSeenAt).toBe(started);
    clock.advance(1_000);
    await auth.sessions.resume(token);
    expect((await storage.sessions.get(id))?.session.lastSeenAt).toBe(started + 60_000);
  });

  it('end at logout, or all sessions of a user at once; prune idle rows', async () => {
    const { auth, clock, storage, user } = await setUp();
    const a = (await auth.sessions.start(user.id, undefined)).token;
    const b = (await auth.sessions.start(user.id, undefined)).token;
    await auth.sessions.end(a);
    expect(await auth.sessions.resume(a)).toBeUndefined();
    expect(await auth.sessions.resume(b)).toBeDefined();
    await auth.sessions.endAllFor(user.id);
    expect(await auth.sessions.resume(b)).toBeUndefined();
    await auth.sessions.start(user.id, undefined);
    clock.advance(13 * HOUR);
    expect(await auth.sessions.prune()).toBe(1);
    expect(await storage.sessions.deleteExpired(clock.now(), 0)).toBe(0);
  });
});
