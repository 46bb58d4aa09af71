import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { screenshotPath } from './fixtures';
import { outOfView, scrollers } from './layoutProbes';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * The fleet of TVs and floor messages in a real browser (issue #18): a TV opens /pair and shows a
 * code; an admin, in another browser context, enters it and picks a board; the TV lands on that
 * board's kiosk, live, without anyone typing a token, and Settings → Displays shows its heartbeat.
 * A supervisor's floor message reaches that kiosk within a second, still fitting the screen, and goes
 * when removed or at its expiry.
 */
const ADMIN = { email: 'fleet-admin@example.com', password: 'fleet admin password' };
const SUPERVISOR = { email: 'fleet-sup@example.com', password: 'fleet super password' };

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
});
test.afterAll(async () => {
  await server.dispose();
});

async function signIn(browser: Browser, who: typeof ADMIN, next: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}${next}`);
  return page;
}

async function seriousAxe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('a TV paired by code lands on its kiosk, live, and shows floor messages within a second', async ({
  browser,
}) => {
  test.setTimeout(120_000);

  // The TV: no login, no token.
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await tvContext.newPage();
  await tv.goto(`${server.url}/pair`);
  const code = await tv.getByTestId('pair-code').getAttribute('data-code');
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  await expect(tv.getByRole('img', { name: /QR code/ })).toBeVisible();
  expect(await seriousAxe(tv)).toEqual([]);

  // The admin, in another browser: enters the code as read off the screen ("ABC 234").
  const admin = await signIn(browser, ADMIN, '/settings/displays');
  await admin.getByLabel('Code').fill(`${code?.slice(0, 3)} ${code?.slice(3)}`);
  await admin.getByLabel('Board', { exact: true }).first().selectOption('all-queues');
  await admin.getByLabel('Name', { exact: true }).first().fill('Lobby TV');
  await admin.getByRole('button', { name: 'Pair', exact: true }).click();
  await expect(admin.getByTestId('pair-done')).toContainText('Lobby TV');

  // The TV opens its kiosk with its own token, and is live.
  await expect(tv).toHaveURL(/\/kiosk\/all-queues\?token=cbd_/, { timeout: 10_000 });
  await expect(tv.getByTestId('tile-waiting')).toBeVisible({ timeout: 15_000 });
  await expect(tv.getByTestId('stale-banner')).toHaveCount(0);

  // Settings → Displays: the TV's heartbeat (live, its page and screen).
  const row = admin.locator('[data-testid^="display-state-"]').first();
  await expect(row).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await expect(admin.locator('[data-testid^="display-report-"]').first()).toContainText(
    '/kiosk/all-queues · 1920×1080',
  );
  await admin.screenshot({ path: screenshotPath('displays-fleet'), fullPage: true });
  expect(await seriousAxe(admin)).toEqual([]);

  // A supervisor posts a floor message on /messages.
  const created = await admin.request.post(`${server.url}/api/v1/users`, {
    headers: { origin: server.url },
    data: { ...SUPERVISOR, role: 'supervisor' },
  });
  expect(created.status()).toBe(201);
  const sup = await signIn(browser, SUPERVISOR, '/messages');
  await sup.getByLabel('Message', { exact: true }).fill('Fire drill at 14:00: leave by the east stairs');
  await sup.getByLabel('Severity', { exact: true }).selectOption('critical');
  await expect(sup.getByTestId('floor-board-all-queues')).toBeChecked();
  const [posted] = await Promise.all([
    sup.waitForResponse((r) => r.url().endsWith('/api/v1/floor-messages') && r.request().method() === 'POST'),
    sup.getByRole('button', { name: 'Post' }).click(),
  ]);
  expect(posted.status()).toBe(201);
  const postedAt = Date.now();
  const banner = tv.getByTestId('floor-messages');
  await expect(banner).toContainText('Fire drill at 14:00', { timeout: 1000 });
  expect(Date.now() - postedAt).toBeLessThan(1000);
  await expect(banner.locator('[data-severity="critical"]')).toBeVisible();
  // The kiosk still fits: nothing scrolls, the banner and the tiles are in view.
  expect(await scrollers(tv)).toEqual([]);
  expect(await outOfView(tv, '[data-testid="floor-messages"], [data-testid^="tile-"]')).toEqual([]);

  // Removed on /messages: gone from the TV within a second.
  await sup.getByTestId('floor-active').getByRole('button', { name: 'Remove' }).click();
  await expect(banner).toHaveCount(0, { timeout: 1000 });
  await expect(sup.getByTestId('floor-history')).toContainText(`removed`);
  await expect(sup.getByTestId('floor-history')).toContainText(SUPERVISOR.email);
  expect(await seriousAxe(sup)).toEqual([]);

  // One that expires: the server's clock takes it down.
  const expiring = await fetch(`${server.url}/api/v1/floor-messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      text: 'Team meeting in 5',
      severity: 'info',
      boardIds: ['all-queues'],
      expiresInSeconds: 10,
    }),
  });
  expect(expiring.status).toBe(201);
  await expect(tv.getByTestId('floor-messages')).toContainText('Team meeting in 5', { timeout: 1000 });
  await expect(tv.getByTestId('floor-messages')).toHaveCount(0, { timeout: 12_000 });

  // A TV that reloads (as after a power cut) shows what is posted at its connect.
  await fetch(`${server.url}/api/v1/floor-messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      text: 'Still here',
      severity: 'warn',
      boardIds: ['all-queues'],
      expiresInSeconds: null,
    }),
  });
  await tv.reload();
  await expect(tv.getByTestId('floor-messages')).toContainText('Still here', { timeout: 15_000 });

  // Many long messages on a small TV: three at a time, two lines each, the rest in turn; the board fits.
  for (let i = 0; i < 4; i++)
    await fetch(`${server.url}/api/v1/floor-messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: `Long notice ${i}: ${'the east stairs are closed for cleaning, use the west stairs; '.repeat(4)}`.slice(
          0,
          280,
        ),
        severity: 'critical',
        boardIds: ['all-queues'],
        expiresInSeconds: null,
      }),
    });
  await tv.setViewportSize({ width: 1366, height: 768 });
  const pages = tv.getByTestId('page-indicator-notices');
  await expect(pages).toHaveAttribute('data-pages', '2', { timeout: 1000 });
  await expect(tv.locator('.floor-message')).toHaveCount(3);
  expect(await scrollers(tv)).toEqual([]);
  expect(await outOfView(tv, '[data-testid="floor-messages"], [data-testid^="tile-"]')).toEqual([]);
  await tv.screenshot({ path: screenshotPath('kiosk-floor-messages') });
  // The other two take their turn at the board's page rotation (15 s): none is left unread.
  await expect(pages).toHaveAttribute('data-page', '2', { timeout: 20_000 });
  await expect(tv.locator('.floor-message')).toHaveCount(2);
  expect(await outOfView(tv, '[data-testid="floor-messages"], [data-testid^="tile-"]')).toEqual([]);

  // The TV is switched off: Settings → Displays says offline (its socket went; docs/metrics.md).
  await tvContext.close();
  await expect(row).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await expect(row).toContainText('offline since');
});
