import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS } from '../auth/loginLimiter';
import { DEFAULT_PAIRING_LIMITS } from '../fleet/pairing';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Two real Callboard instances (A and B) on one PostgreSQL database, each with its own DATA_DIR, as
 * and one SECRET_KEY, as behind a load balancer that sends each request anywhere: a TV's pairing code made on A is bound
 * on B and then spent on A too, and the TV collects its token on either; wrong pairing codes and
 * failed sign-ins spread over both instances are refused at the same total as on one instance.
 */
const newDatabase = testDatabasesDroppedAfterAll();
let a: TestCallboard;
let b: TestCallboard;
let databaseUrl = '';
beforeAll(async () => {
  databaseUrl = await newDatabase();
  // One SECRET_KEY, as a cluster must have (the sealed webhook secrets are shared).
  const env = {
    DATABASE_URL: databaseUrl,
    TRUST_PROXY: '1',
    SECRET_KEY: randomBytes(32).toString('base64'),
  };
  a = await startTestCallboard({ env: { ...env, INSTANCE_ID: 'instance-a' } });
  b = await startTestCallboard({ env: { ...env, INSTANCE_ID: 'instance-b' } });
}, 60_000);
afterAll(async () => {
  await a?.close({ remove: true });
  await b?.close({ remove: true });
});

const from = (address: string) => ({ 'x-forwarded-for': address });
const admin = (address: string) => ({ authorization: `Bearer ${API_TOKEN}`, ...from(address) });
async function post(app: TestCallboard, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const bind = (app: TestCallboard, code: string, address: string) =>
  post(app, '/api/v1/pairings/bind', { code, boardId: 'all-queues', name: 'Lobby' }, admin(address));

describe('pairing and rate limits across two instances on one PostgreSQL', () => {
  it('a code made on A is bound on B, then spent on A too; the TV collects its token on either', async () => {
    const made = await post(a, '/api/v1/pairings', {}, from('192.0.2.10'));
    expect(made.status).toBe(201);
    const tv = made.body as { code: string; secret: string };
    expect(
      (await post(b, '/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'))).body,
    ).toMatchObject({ status: 'pending', code: tv.code });

    // The shared row holds neither the code nor the secret.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const rows = JSON.stringify((await client.query('SELECT * FROM pairing_codes')).rows);
    await client.end();
    expect(rows).toContain('secret_hash');
    for (const secret of [tv.code, tv.secret]) expect(rows).not.toContain(secret);

    expect((await bind(b, tv.code, '192.0.2.99')).status).toBe(201);
    const again = await bind(a, tv.code, '192.0.2.99');
    expect(again.status).toBe(404);

    const got = await post(a, '/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'));
    expect(got.body.status).toBe('paired');
    const token = new URL(got.body.kioskPath as string, a.url).searchParams.get('token');
    for (const app of [a, b]) {
      const board = await fetch(`${app.url}/api/v1/boards/all-queues`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(board.status).toBe(200);
    }
    // Collected once, wherever asked next.
    expect(
      (await post(b, '/api/v1/pairings/collect', { secret: tv.secret }, from('192.0.2.10'))).status,
    ).toBe(404);
  });

  it('two admins entering one code on A and B at once: exactly one binds', async () => {
    const tv = (await post(b, '/api/v1/pairings', {}, from('192.0.2.11'))).body as { code: string };
    const answers = await Promise.all([bind(a, tv.code, '192.0.2.98'), bind(b, tv.code, '192.0.2.97')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 404]);
  });

  it('wrong codes spread over A and B are cut off at the same total as on one instance', async () => {
    const address = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_PAIRING_LIMITS.guessesPerAddress; i++)
      statuses.push((await bind(i % 2 === 0 ? a : b, 'ZZZZZZ', address)).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
    // Each instance saw half the budget; together they saw all of it.
    expect((await bind(a, 'ZZZZZZ', address)).status).toBe(429);
    expect((await bind(b, 'ZZZZZZ', address)).status).toBe(429);
    // Another address is not affected.
    expect((await bind(b, 'ZZZZZZ', '198.51.100.8')).status).toBe(404);
  });

  it('failed sign-ins spread over A and B are limited at the single-instance total', async () => {
    const login = (app: TestCallboard, address: string) =>
      post(app, '/api/v1/login', { email: 'ann@example.com', password: 'not her password' }, from(address));
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAccount; i++)
      statuses.push((await login(i % 2 === 0 ? a : b, '203.0.113.5')).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect((await login(b, '203.0.113.5')).status).toBe(429);
    expect((await login(a, '203.0.113.5')).status).toBe(429);
    expect((await login(a, '203.0.113.6')).status).toBe(401);
  });
});
