import { describe, expect, it } from 'vitest';
import { createAuth } from './index';
import { authTestBed } from './testing';

const open = authTestBed();
const HOUR = 3600_000;

function setUp() {
  const { storage, clock } = open();
  const auth = createAuth({
    storage,
    now: clock.now,
    apiToken: null,
    trustProxy: false,
    sessionIdleHours: 12,
  });
  const user = storage.users.create({
    email: 'a@example.com',
    passwordHash: 'x',
    role: 'supervisor',
    createdAt: 0,
  });
  return { storage, clock, auth, user };
}

describe('sessions', () => {
  it('store only the hash of the token, and resume by the token', () => {
    const { auth, storage, user } = setUp();
    const { token } = auth.sessions.start(user.id, 'Firefox');
    expect(token).toMatch(/^[\w-]{43}$/);
    const live = auth.sessions.resume(token);
    expect(live?.user).toEqual(user);
    expect(live?.sessionId).not.toBe(token);
    expect(storage.sessions.get(token)).toBeUndefined();
    expect(auth.sessions.resume(`${token}x`)).toBeUndefined();
  });

  it('end after 12 idle hours, counted from the last request', () => {
    const { auth, clock, user } = setUp();
    const { token } = auth.sessions.start(user.id, undefined);
    clock.advance(11 * HOUR);
    expect(auth.sessions.resume(token)).toBeDefined(); // activity moves the idle window
    clock.advance(12 * HOUR - 1);
    expect(auth.sessions.resume(token)).toBeDefined();
    clock.advance(12 * HOUR);
    expect(auth.sessions.resume(token)).toBeUndefined();
    clock.advance(-24 * HOUR); // even if the clock steps back, the row is gone
    expect(auth.sessions.resume(token)).toBeUndefined();
  });

  it('end 7 days after login however active', () => {
    const { auth, clock, user } = setUp();
    const { token, expiresAt } = auth.sessions.start(user.id, undefined);
    expect(expiresAt - clock.now()).toBe(7 * 24 * HOUR);
    for (let h = 6; h < 7 * 24; h += 6) {
      clock.advance(6 * HOUR);
      expect(auth.sessions.resume(token), `hour ${h}`).toBeDefined();
    }
    clock.advance(6 * HOUR);
    expect(auth.sessions.resume(token)).toBeUndefined();
  });

  it('write last_seen at most once a minute', () => {
    const { auth, clock, storage, user } = setUp();
    const { token } = auth.sessions.start(user.id, undefined);
    const started = clock.now();
    const id = auth.sessions.resume(token)?.sessionId ?? '';
    clock.advance(59_000);
    auth.sessions.resume(token);
    expect(storage.sessions.get(id)?.session.lastSeenAt).toBe(started);
    clock.advance(1_000);
    auth.sessions.resume(token);
    expect(storage.sessions.get(id)?.session.lastSeenAt).toBe(started + 60_000);
  });

  it('end at logout, or all sessions of a user at once; prune idle rows', () => {
    const { auth, clock, storage, user } = setUp();
    const a = auth.sessions.start(user.id, undefined).token;
    const b = auth.sessions.start(user.id, undefined).token;
    auth.sessions.end(a);
    expect(auth.sessions.resume(a)).toBeUndefined();
    expect(auth.sessions.resume(b)).toBeDefined();
    auth.sessions.endAllFor(user.id);
    expect(auth.sessions.resume(b)).toBeUndefined();
    auth.sessions.start(user.id, undefined);
    clock.advance(13 * HOUR);
    expect(auth.sessions.prune()).toBe(1);
    expect(storage.sessions.deleteExpired(clock.now(), 0)).toBe(0);
  });
});
