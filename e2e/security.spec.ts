import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * Issue #13, part 4, in Chromium against the production build: the security headers do not break
 * any page (no Content-Security-Policy violation on the board, a kiosk, the sign-in page and the
 * settings, live link included), and the sign-in's `next` never takes the browser off the site.
 * Every request that is not to this server is aborted and recorded: none may be attempted.
 */
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
let server: RunningServer;
let displayToken = '';

test.beforeAll(async () => {
  server = await startServer({ DEMO: '1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  const res = await fetch(`${server.url}/api/v1/displays`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Lobby TV', boardId: 'all-queues' }),
  });
  expect(res.status).toBe(201);
  displayToken = ((await res.json()) as { token: string }).token;
});
test.afterAll(async () => {
  await server?.dispose();
});

/** Keep the browser on loopback; what it tried elsewhere is the finding. */
async function offSiteGuard(context: BrowserContext): Promise<string[]> {
  const attempts: string[] = [];
  await context.route(
    (url) => url.origin !== server.url,
    (route) => {
      attempts.push(route.request().url());
      return route.abort();
    },
  );
  return attempts;
}

/** CSP violations, from the console and from the page's own `securitypolicyviolation` events. */
async function cspWatch(context: BrowserContext, page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) seen.push(m.text());
  });
  await context.exposeFunction('reportCspViolation', (text: string) => seen.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return seen;
}

async function signIn(page: Page, next: string): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
    page.goto(`${server.url}/login?next=${next}`),
  ]);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

test('pages load under the security headers without a CSP violation', async ({ context, page }) => {
  const offSite = await offSiteGuard(context);
  const violations = await cspWatch(context, page);

  const board = await page.goto(`${server.url}/`);
  const headers = board?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  // The public demo board, live over the socket (connect-src must let Socket.IO through).
  await expect(page.getByTestId('tile-offered')).toBeVisible();

  await page.goto(`${server.url}/kiosk/all-queues?token=${encodeURIComponent(displayToken)}`);
  await expect(page.locator('[data-testid^="tile-"]').first()).toBeVisible();
  await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();

  await signIn(page, '/settings');
  await expect(page).toHaveURL(new RegExp(`^${server.url}/settings`));
  await expect(page.locator('h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // Every other page a signed-in person opens (charts, tables, the displays page's QR code).
  const state = await fetch(`${server.url}/api/v1/state`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  const queueId = ((await state.json()) as { queues: { id: string }[] }).queues[0]?.id ?? '';
  for (const path of [
    '/settings/general',
    '/settings/boards',
    '/settings/displays',
    '/settings/users',
    '/settings/webhooks',
    '/boards/all-queues',
    '/boards/all-queues/agents',
    '/boards/all-queues/calls',
    `/boards/all-queues/queues/${encodeURIComponent(queueId)}`,
  ]) {
    await page.goto(`${server.url}${path}`);
    await expect(page.locator('h1').first(), path).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  // A cookie-carrying write from the page still passes the Origin check under the Referrer-Policy.
  const logout = await page.evaluate(() => fetch('/api/v1/logout', { method: 'POST' }).then((r) => r.status));
  expect(logout).toBe(200);

  expect(violations).toEqual([]);
  expect(offSite).toEqual([]);
});

for (const next of ['/%5Cevil.example/x', '/%09/evil.example/x', '/\\evil.example', '//evil.example']) {
  test(`sign-in with next=${next} stays on the site`, async ({ context, page }) => {
    const offSite = await offSiteGuard(context);
    await signIn(page, next);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).origin).toBe(server.url);
    expect(offSite).toEqual([]);
  });
}

test('a revoked display gets "not allowed", not the public demo board', async ({ page }) => {
  const created = await fetch(`${server.url}/api/v1/displays`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Old TV', boardId: 'all-queues' }),
  });
  const { token, display } = (await created.json()) as { token: string; display: { id: number } };
  const revoked = await fetch(`${server.url}/api/v1/displays/${display.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  expect(revoked.ok).toBe(true);
  await page.goto(`${server.url}/?token=${encodeURIComponent(token)}`);
  await expect(page.getByTestId('board-error').or(page.getByText('Not allowed'))).toBeVisible();
  await expect(page.locator('[data-testid^="tile-"]')).toHaveCount(0);
});
