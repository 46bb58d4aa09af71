import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * Behind a trusted proxy (TRUST_PROXY=1) every connection comes from the proxy's address; the
 * failure limits count the client address the proxy reports, so one client's failures never lock
 * out another's correct secret or password (issue #13, part 4).
 */
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
let app: TestCallboard;

beforeAll(async () => {
  app = await startTestCallboard({
    env: { TRUST_PROXY: '1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
}, 60_000);
afterAll(() => app.close({ remove: true }));

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('behind a trusted proxy', () => {
  it('21 wrong webhook secrets from one client block that client only, not every PBX', async () => {
    const hook = (secret: string, address: string) =>
      fetch(`${app.url}/api/webhooks/portsip`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...from(address) },
        body: '{}',
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push(await hook('wrong-secret-0123456789', '203.0.113.50'));
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another PBX (another forwarded address) with the right secret gets through: authenticated, and
    // its "{}" is then judged as a payload (not a 401 or 429).
    const other = await hook(WEBHOOK_TOKEN, '198.51.100.20');
    expect(other).not.toBe(401);
    expect(other).not.toBe(429);
    expect(await hook(WEBHOOK_TOKEN, '203.0.113.50')).toBe(429);
  });

  it('a locked-out address does not lock the account for a correct password from elsewhere', async () => {
    const login = (password: string, address: string) =>
      fetch(`${app.url}/api/v1/login`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/json', ...from(address) },
        body: JSON.stringify({ email: ADMIN.email, password }),
      }).then((r) => r.status);
    for (let i = 0; i < 5; i++) expect(await login(`guess ${i}`, '203.0.113.60')).toBe(401);
    expect(await login(ADMIN.password, '203.0.113.60')).toBe(429);
    expect(await login(ADMIN.password, '198.51.100.30')).toBe(200);
  });
});
