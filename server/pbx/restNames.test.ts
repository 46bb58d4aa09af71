import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { createRestNames, type RestNames, type RestNamesOptions } from './restNames';
import { FAKE_REST_PASSWORD, type FakePortsipRest, startFakePortsipRest } from './testing/fakePortsipRest';

const TENANT = '883634229655633920';
const NOW = 1_700_000_000_000;
const SIGN_IN = '/auth/sign_in'; // v22.2's login path
const USERS = [
  { extension_number: '101', display_name: 'Ann Smith', email: 'ann@example.com' },
  { extension_number: '102', display_name: 'Bob Jones' },
  { extension_number: '103', display_name: null }, // no name: nothing to say
  { extension_number: null, display_name: 'No Extension' },
];

let server: FakePortsipRest | undefined;
let client: RestNames | undefined;

afterEach(async () => {
  client?.stop();
  client = undefined;
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

async function setup(
  fake: Parameters<typeof startFakePortsipRest>[0] = {},
  opts: Partial<RestNamesOptions> = {},
) {
  server = await startFakePortsipRest({ domain: 'tenant.example.com', users: USERS, ...fake });
  const events: DomainEvent[] = [];
  const logLines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) });
  client = createRestNames({
    baseUrl: server.url,
    auth: { username: 'admin', password: FAKE_REST_PASSWORD, domain: 'tenant.example.com' },
    tenant: TENANT,
    source: 'portsip',
    now: () => NOW,
    logger,
    onEvents: (batch) => events.push(...batch),
    ...opts,
  });
  const warns = () => logLines.filter((l) => JSON.parse(l).level === 40);
  return { server, client, events, logLines, warns };
}

const named = (events: DomainEvent[]) =>
  events.map((e) => (e.type === 'extensionUpdated' ? `${e.extension.number}=${e.profile.name}` : e.type));

/** Lets socket I/O happen (setImmediate is not faked) while fake time moves on a little. */
async function pumpUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000 && !check(); i++) {
    await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(1);
  }
  if (!check()) throw new Error(`never happened: ${what}`);
}

const useFakeTimers = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

describe('PortSIP REST names', () => {
  it('turns users with an extension number and a display name into extensionUpdated events', async () => {
    const t = await setup();
    expect(await t.client.refresh()).toEqual({ ok: true, names: 2, emitted: 2 });
    const fact = {
      type: 'extensionUpdated',
      source: 'portsip',
      origin: 'portsip-wsi',
      tenant: TENANT,
      // Our clock, not the PBX's: marked as an arrival time (docs/metrics.md, "Two clocks").
      at: NOW,
      atArrival: true,
    };
    const ext = (number: string) => ({ number, tenant: TENANT });
    expect(t.events).toEqual([
      { ...fact, extension: ext('101'), profile: { name: 'Ann Smith', email: 'ann@example.com' } },
      { ...fact, extension: ext('102'), profile: { name: 'Bob Jones' } },
    ]);
    const [login, users] = t.server.requests;
    expect(login).toMatchObject({ method: 'POST', path: '/api/login' });
    expect(users).toMatchObject({ method: 'GET', path: '/api/users', query: { skip: '0', top: '100' } });
    expect(users?.authorization).toBe(`Bearer ${t.server.tokens()[0]}`);
  });

  it('pages through the users with skip/top until a short page', async () => {
    const many = [1, 2, 3, 4, 5].map((i) => ({ extension_number: `20${i}`, display_name: `Agent ${i}` }));
    const t = await setup({ users: many }, { pageSize: 2 });
    expect(await t.client.refresh()).toMatchObject({ ok: true, names: 5, emitted: 5 });
    expect(t.server.requests.filter((r) => r.path === '/api/users').map((r) => r.query)).toEqual([
      { skip: '0', top: '2' },
      { skip: '2', top: '2' },
      { skip: '4', top: '2' },
    ]);
    expect(named(t.events)).toEqual(many.map((u) => `${u.extension_number}=${u.display_name}`));
  });

  it('stops at `count` when the last page is full', async () => {
    const t = await setup({ users: USERS.slice(0, 2) }, { pageSize: 2 });
    expect(await t.client.refresh()).toMatchObject({ ok: true, names: 2 });
    expect(t.server.usersRequests()).toBe(1);
  });

  it('logs in at a configured login path (v22.2 /auth/sign_in answering `token`)', async () => {
    const t = await setup({ loginPath: SIGN_IN, tokenField: 'token' }, { loginPath: SIGN_IN });
    expect(await t.client.refresh()).toMatchObject({ ok: true, emitted: 2 });
    expect(t.server.requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/sign_in' });
    expect(named(t.events)).toEqual(['101=Ann Smith', '102=Bob Jones']);
  });

  it('default login path on a PBX without it: a warn naming the path, no events, no crash', async () => {
    const t = await setup({ loginPath: SIGN_IN });
    expect(await t.client.refresh()).toEqual({ ok: false, names: 0, emitted: 0 });
    expect(t.events).toEqual([]);
    expect(t.server.usersRequests()).toBe(0);
    expect(t.warns()).toHaveLength(1);
    expect(JSON.parse(t.warns()[0] ?? '{}').reason).toMatch(/HTTP 404.*\/login/);
  });

  it('a 401 on users (expired token) logs in again once and carries on', async () => {
    const t = await setup();
    await t.client.refresh();
    t.server.expireTokens();
    t.server.setUsers([{ extension_number: '101', display_name: 'Ann Smith-Jones' }, ...USERS.slice(1)]);
    expect(await t.client.refresh()).toMatchObject({ ok: true, emitted: 1 });
    expect(t.server.logins()).toBe(2);
    expect(named(t.events).at(-1)).toBe('101=Ann Smith-Jones');
    expect(t.warns()).toEqual([]);
  });

  it('a 401 even after a fresh login: one re-login per refresh, then a warn', async () => {
    const t = await setup();
    t.server.rejectAllTokens(true);
    expect(await t.client.refresh()).toMatchObject({ ok: false });
    expect([t.server.logins(), t.server.usersRequests()]).toEqual([2, 2]);
    await t.client.refresh();
    expect([t.server.logins(), t.server.usersRequests()]).toEqual([4, 4]);
    expect(t.warns()).toHaveLength(2);
    expect(t.events).toEqual([]);
  });

  it('a wrong password: a warn, no events, and one login per refresh period (no retry storm)', async () => {
    useFakeTimers();
    const t = await setup({}, { auth: { username: 'admin', password: 'wrong-password' }, refreshMs: 60_000 });
    t.client.start();
    await pumpUntil(() => t.warns().length === 1, 'the login failure warned');
    expect(JSON.parse(t.warns()[0] ?? '{}').reason).toMatch(/login failed: HTTP 401/);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(t.server.logins()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await pumpUntil(() => t.warns().length === 2, 'the next refresh warned');
    expect(t.server.logins()).toBe(2);
    expect(t.server.usersRequests()).toBe(0);
    expect(t.events).toEqual([]);
  });

  it('emits only names that changed since the last refresh', async () => {
    const t = await setup();
    await t.client.refresh();
    expect(await t.client.refresh()).toEqual({ ok: true, names: 2, emitted: 0 });
    t.server.setUsers([...USERS, { extension_number: '104', display_name: 'Cy New' }]);
    expect(await t.client.refresh()).toEqual({ ok: true, names: 3, emitted: 1 });
    expect(named(t.events)).toEqual(['101=Ann Smith', '102=Bob Jones', '104=Cy New']);
    expect(t.server.logins()).toBe(1); // the token is reused across refreshes
  });

  it('never logs the password or a token, in success or failure', async () => {
    const t = await setup();
    await t.client.refresh();
    t.server.expireTokens();
    await t.client.refresh();
    t.server.rejectAllTokens(true);
    await t.client.refresh();
    const bad = createRestNames({
      baseUrl: t.server.url,
      auth: { username: 'admin', password: 'Other-Secret-Pa55' },
      source: 'portsip',
      now: () => NOW,
      logger: pino({ level: 'trace' }, { write: (line: string) => t.logLines.push(line) }),
      onEvents: () => {},
    });
    await bad.refresh();
    const log = t.logLines.join('\n');
    expect(t.warns().length).toBeGreaterThanOrEqual(2);
    expect(t.server.tokens().length).toBeGreaterThanOrEqual(3);
    for (const secret of [FAKE_REST_PASSWORD, 'Other-Secret-Pa55', ...t.server.tokens()]) {
      expect(log).not.toContain(secret);
    }
  });

  it('refreshes every refreshMs; stop() leaves no timer and nothing runs afterwards', async () => {
    useFakeTimers();
    const t = await setup({}, { refreshMs: 60_000, timeoutMs: 60_000 });
    t.client.start();
    await pumpUntil(() => t.events.length === 2, 'first refresh');
    await pumpUntil(() => vi.getTimerCount() === 1, 'only the next-refresh timer left');
    await vi.advanceTimersByTimeAsync(60_000);
    await pumpUntil(() => t.server.usersRequests() === 2, 'second refresh');
    t.client.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(t.server.usersRequests()).toBe(2);
  });

  it('stop() aborts a request in flight, quietly, and leaves no timer', async () => {
    useFakeTimers();
    const t = await setup({}, { timeoutMs: 60_000 });
    t.server.hangUsers(true);
    const done = t.client.refresh();
    await pumpUntil(() => t.server.usersRequests() === 1, 'users requested');
    expect(vi.getTimerCount()).toBe(1); // the request's timeout
    t.client.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(await done).toEqual({ ok: false, names: 0, emitted: 0 });
    await pumpUntil(() => t.server?.abandoned() === 1, 'the server saw the request closed');
    expect(t.warns()).toEqual([]);
  });

  it('a request with no answer times out with a warn', async () => {
    const t = await setup({}, { timeoutMs: 100 });
    t.server.hangUsers(true);
    expect(await t.client.refresh()).toMatchObject({ ok: false });
    expect(JSON.parse(t.warns()[0] ?? '{}').reason).toMatch(/GET \/users: no answer in [\d.]+ s/);
  });

  it('a throwing event handler is warned about, and the names are sent again next time', async () => {
    const onEvents = vi.fn().mockImplementationOnce(() => {
      throw new Error('hub full');
    });
    const t = await setup({}, { onEvents });
    expect(await t.client.refresh()).toMatchObject({ ok: false });
    expect(t.warns()).toHaveLength(1);
    expect(await t.client.refresh()).toMatchObject({ ok: true, emitted: 2 });
  });

  it('refuses a base URL that is not http(s), or a path without a leading /, at creation', () => {
    const o = { auth: { username: 'a', password: 'b' }, source: 's', logger: pino({ level: 'silent' }) };
    const create = (more: Partial<RestNamesOptions>) =>
      createRestNames({
        ...o,
        now: Date.now,
        onEvents: () => {},
        baseUrl: 'http://127.0.0.1:1/api',
        ...more,
      });
    expect(() => create({ baseUrl: 'ftp://127.0.0.1/api' })).toThrow(/http/);
    expect(() => create({ loginPath: 'login' })).toThrow(/paths starting with/);
  });
});
