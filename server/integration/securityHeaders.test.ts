import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeRequest } from '../auth/testing';
import { contentSecurityPolicy } from '../http/securityHeaders';
import { API_TOKEN, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * Every response carries the security headers (issue #13, part 4): API JSON, refusals, webhook
 * replies, and whatever no Callboard route claims (Next's pages and files in production; here the
 * test server's 404 stands in for Next, reached through the same handler). The browser side (no CSP
 * violation on real pages) is e2e/security.spec.ts.
 */
let app: TestCallboard;
beforeAll(async () => {
  app = await startTestCallboard();
}, 60_000);
afterAll(() => app.close({ remove: true }));

const api = { authorization: `Bearer ${API_TOKEN}` };
const KINDS: [string, () => Promise<Response>, number][] = [
  ['API JSON', () => fetch(`${app.url}/api/v1/state`, { headers: api }), 200],
  ['API refusal', () => fetch(`${app.url}/api/v1/state`), 401],
  ['health', () => fetch(`${app.url}/healthz`), 200],
  ['wrong method', () => fetch(`${app.url}/api/v1/login`), 405],
  ['accounts API', () => fetch(`${app.url}/api/v1/me`), 401],
  [
    'webhook accepted',
    () =>
      fetch(`${app.url}/api/webhooks/3cx/${WEBHOOK_TOKEN}?event=ping`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    200,
  ],
  [
    'webhook refused',
    () =>
      fetch(`${app.url}/api/webhooks/portsip`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      }),
    401,
  ],
  ['not a Callboard route (Next)', () => fetch(`${app.url}/settings`), 404],
  ['unknown API path', () => fetch(`${app.url}/api/v1/nope`), 404],
];

describe('security headers', () => {
  it.each(KINDS)('%s', async (_kind, request, status) => {
    const res = await request();
    expect(res.status).toBe(status);
    await res.arrayBuffer();
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://${new URL(app.url).host}`);
  });
});

describe('the policy', () => {
  const req = (headers: Record<string, string>, encrypted = false) => fakeRequest({ headers, encrypted });
  const policy = (headers: Record<string, string>, o = { production: true, trustProxy: false }) =>
    contentSecurityPolicy(req(headers), { production: o.production, access: { trustProxy: o.trustProxy } });

  it('no eval in production, inline scripts allowed (Next inlines its bootstrap), no plugins, no <base>', () => {
    const csp = policy({ host: 'board.local:3000' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(policy({ host: 'h' }, { production: false, trustProxy: false })).toContain("'unsafe-eval'");
  });

  it('names this host’s websocket origin: wss behind https, the proxy’s host only when trusted', () => {
    expect(policy({ host: 'board.local:3000' })).toContain("connect-src 'self' ws://board.local:3000;");
    const proxied = {
      host: '10.0.0.5:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'board.example',
    };
    expect(policy(proxied, { production: true, trustProxy: true })).toContain(
      "connect-src 'self' wss://board.example;",
    );
    expect(policy(proxied)).toContain("connect-src 'self' ws://10.0.0.5:3000;");
  });

  it('writes nothing of a Host header that is not a plain host[:port] into the policy', () => {
    for (const host of ["evil; script-src 'unsafe-eval'", 'a b', 'h:3000/x', '"h"'])
      expect(policy({ host }), host).toContain("connect-src 'self'; object-src");
    expect(policy({})).toContain("connect-src 'self'; object-src");
  });
});
