import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { type SimulatorHandle, startSimulator } from '../server/simulator';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * The admin's day one, in a real browser against the real server (no demo): first-run setup, sign in,
 * a PortSIP connection to the built-in simulator (tested, saved, live), a webhook source whose secret
 * URL accepts a post, a board made in the editor and a display whose kiosk URL works in a fresh browser until revoked.
 */
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
let server: RunningServer;
let sim: SimulatorHandle;

test.beforeAll(async () => {
  sim = await startSimulator({
    seed: 21,
    queues: 2,
    agentsPerQueue: 4,
    host: '127.0.0.1',
    port: 0,
    username: 'wallboard',
    password: 'sim-Pa55word-e2e',
    domain: 'sim.example',
  });
  server = await startServer({ DEMO: '0' });
});
test.afterAll(async () => {
  await server?.dispose();
  await sim?.stop();
});

test('setup, sign in, connect a PBX, add a webhook source, and hang a display that can be revoked', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  page.on('dialog', (d) => void d.accept());

  // First run: no account, so /login points to /setup.
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'create the first admin' }).click();
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin' }).click();
  await expect(page).toHaveURL(/\/settings\/pbx$/);
  await expect(page.getByRole('heading', { name: 'PBX connections' })).toBeVisible();

  // Signing in again in another browser works with the same credentials; a wrong password does not.
  const other = await browser.newContext();
  const login = await other.newPage();
  await login.goto(`${server.url}/login?next=/settings/webhooks`);
  await login.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await login.getByLabel('Password', { exact: true }).fill('wrong password!');
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(login.getByTestId('auth-error')).toContainText('wrong email or password');
  await login.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(login).toHaveURL(/\/settings\/webhooks$/);
  await other.close();

  // A PBX connection to the simulator: test it, then save it; it comes up live, no restart.
  await page.getByRole('button', { name: 'Add a PBX connection' }).click();
  const form = page.getByRole('form', { name: 'New PBX connection' });
  await form.getByLabel('Id', { exact: true }).fill('sim');
  await form.getByLabel('Name', { exact: true }).fill('Simulated PBX');
  await form.getByLabel('WSI URL', { exact: true }).fill(sim.url);
  await form.getByLabel('Username', { exact: true }).fill('wallboard');
  await form.getByLabel('Password', { exact: true }).fill('sim-Pa55word-e2e');
  await form.getByLabel('SIP domain', { exact: true }).fill('sim.example');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('probe-result')).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  await expect(page.getByTestId('probe-result')).toContainText(`${sim.queues.length} queues`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('pbx-connection-sim')).toHaveAttribute('data-status', 'connected', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('pbx-connection-sim')).toContainText('password set');
  await expect(page.getByTestId('pbx-connection-sim')).not.toContainText('sim-Pa55word-e2e');

  // A webhook source: its secret URL is shown once and accepts a post.
  await page.getByRole('link', { name: 'Webhook sources' }).click();
  const ws = page.getByRole('form', { name: 'New webhook source' });
  await ws.getByLabel('Id', { exact: true }).fill('branch-3cx');
  await ws.getByLabel('Name', { exact: true }).fill('Branch office');
  await ws.getByLabel('Kind', { exact: true }).selectOption('3cx');
  await ws.getByRole('button', { name: 'Add webhook source' }).click();
  const url = (await page.getByTestId('secret-url').textContent()) ?? '';
  expect(url).toMatch(/\/api\/webhooks\/3cx\/[A-Za-z0-9_-]{40,}$/);
  const posted = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: readFileSync(
      'fixtures/seeds/003-3cx-webhooksapi/flow09-outbound-answered/01-dialing-number.json',
      'utf8',
    ),
  });
  expect(posted.status).toBe(200);
  // A broken body to the same URL is refused and kept; the page counts both and offers a replay.
  const broken = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"broken',
  });
  expect(broken.status).toBe(400);
  // "Send test event" proves URL, secret and parsing without counting a call.
  const source = page.getByTestId('webhook-source-branch-3cx');
  await source.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByTestId('webhook-test-branch-3cx')).toContainText('Test event accepted');
  await expect(page.getByTestId('webhook-counts-branch-3cx')).toHaveText('today: 1 accepted · 1 rejected');
  const letters = page.getByTestId('dead-letters-branch-3cx');
  await letters.locator('summary').click();
  await letters.getByRole('button', { name: 'Replay' }).click();
  await expect(letters.getByRole('status')).toContainText('still invalid');

  // A board of one simulator queue, made in the board editor.
  const state = await (
    await fetch(`${server.url}/api/v1/state`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
  ).json();
  const queues = (state.queues as { id: string; number: string }[]).filter((q) =>
    q.id.startsWith(`${sim.tenantId}/`),
  );
  const [shown, hidden] = queues;
  if (!shown || !hidden) throw new Error('the simulator has two queues');
  await page.getByRole('link', { name: 'Boards' }).click();
  await page.getByRole('button', { name: 'Add a board' }).click();
  const bform = page.getByRole('form', { name: 'New board' });
  await bform.getByLabel('Id', { exact: true }).fill('sales');
  await bform.getByLabel('Name', { exact: true }).fill('Sales floor');
  await bform.getByLabel('Every queue the sources report').uncheck();
  await bform.getByLabel(`(${shown.id})`).check();
  await bform.getByLabel('Waiting now warn').fill('3');
  await bform.getByLabel('Service level critical').fill('50');
  await bform.getByRole('button', { name: 'Save board' }).click();
  await expect(page.getByTestId('board-sales')).toContainText('Sales floor');
  const saved = await (
    await fetch(`${server.url}/api/v1/boards/sales`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
  ).json();
  expect(saved.board).toMatchObject({
    name: 'Sales floor',
    queues: [shown.id],
    thresholds: {
      // New boards start from the default thresholds; the editor changed these two limits.
      waiting: { direction: 'above', warn: 3, critical: 10 },
      serviceLevel: { direction: 'below', warn: 0.8, critical: 0.5 },
    },
  });

  // A display for it: the kiosk URL works in a fresh browser, shows that board's queue only.
  await page.getByRole('link', { name: 'Displays' }).click();
  const dform = page.getByRole('form', { name: 'New display' });
  await dform.getByLabel('Name', { exact: true }).fill('TV by the sales desk');
  await dform.getByLabel('Board', { exact: true }).selectOption('sales');
  await dform.getByRole('button', { name: 'Add display' }).click();
  const kioskUrl = (await page.getByTestId('kiosk-url').textContent()) ?? '';
  expect(kioskUrl).toContain('/kiosk/sales?token=');
  await expect(page.getByTestId('kiosk-qr')).toBeVisible();

  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const kiosk = await tv.newPage();
  await kiosk.goto(kioskUrl);
  await expect(kiosk.getByTestId(`queue-row-${shown.id}`)).toBeVisible({ timeout: 20_000 });
  await expect(kiosk.getByTestId(`queue-row-${hidden.id}`)).toHaveCount(0);
  await expect(kiosk.getByTestId('stale-banner')).toHaveCount(0);

  // "Reload now" reloads the TV's page (a marker set in the page is gone afterwards).
  await kiosk.evaluate(() => {
    (window as unknown as { beforeReload?: boolean }).beforeReload = true;
  });
  const reloaded = kiosk.waitForEvent('load');
  await page.getByRole('button', { name: 'Reload now' }).click();
  await expect(page.getByTestId('display-notice')).toContainText('1 screen reloading');
  await reloaded;
  expect(
    await kiosk.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload),
  ).toBeUndefined();
  await expect(kiosk.getByTestId(`queue-row-${shown.id}`)).toBeVisible({ timeout: 20_000 });

  // Revoked: the TV loses access at once and says so.
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(kiosk.getByTestId('stale-banner')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('[data-revoked="true"]')).toHaveCount(1);
  const refused = await fetch(`${server.url}/api/v1/boards/sales`, {
    headers: { authorization: `Bearer ${new URL(kioskUrl).searchParams.get('token')}` },
  });
  expect(refused.status).toBe(401);
  await tv.close();
});
