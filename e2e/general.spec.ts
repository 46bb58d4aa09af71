import { expect, test } from '@playwright/test';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * Settings → General in a real browser against the real server (no demo): an admin switches the clock
 * to 12 hours and saves; a kiosk left open all along shows AM/PM within seconds, without a reload (the
 * server tells every screen to read its formats again), and so does the supervisor board. The page's
 * per-queue form (the board editor's) shows and clears a queue's own SLA seconds.
 */
const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ DEMO: '0', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
});
test.afterAll(async () => {
  await server?.dispose();
});

test('an admin switches the clock to 12 hours and the boards show AM/PM', async ({ page, context }) => {
  test.setTimeout(30_000);
  // A TV on the wall, open before the change and never reloaded.
  const kiosk = await context.newPage();
  await kiosk.goto(`${server.url}/kiosk/all-queues?token=${API_TOKEN}`);
  await expect(kiosk.locator('time.clock')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  const kioskLoads: string[] = [];
  kiosk.on('framenavigated', (frame) => {
    if (frame === kiosk.mainFrame()) kioskLoads.push(frame.url());
  });

  // The sign-in form asks /api/v1/setup once it is hydrated: typing before that would be lost.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
    page.goto(`${server.url}/login?next=/settings/general`),
  ]);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}/settings/general`);

  // Before: the 24-hour clock.
  await page.goto(`${server.url}/`);
  await expect(page.locator('time.clock')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);

  // A queue's own SLA seconds (set over the API) show in the per-queue form, which can clear them.
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const key = encodeURIComponent('t1/8001');
  expect(
    (await api('PUT', `/api/v1/settings/queues/${key}`, { slaSeconds: 30, shortAbandonSeconds: null }))
      .status,
  ).toBe(200);
  await page.goto(`${server.url}/settings/general`);
  const counting = page.getByRole('form', { name: 'Queue counting settings' });
  await expect(counting.getByLabel('t1/8001 SLA seconds', { exact: true })).toHaveValue('30');
  await counting.getByLabel('t1/8001 SLA seconds: use the default').check();
  await counting.getByRole('button', { name: 'Save queue counting' }).click();
  await expect(counting.getByTestId('queue-counting-saved')).toHaveText('Saved 1 queue');
  const saved = await (await api('GET', '/api/v1/settings/general')).json();
  expect(saved.settings.queues['t1/8001']?.slaSeconds).toBeUndefined();

  await expect(page.getByRole('link', { name: 'General' })).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Time format').selectOption('12h');
  await page.getByLabel('Number format').fill('de-DE');
  await expect(page.getByTestId('general-number-preview')).toContainText('12.345,6');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(page.getByTestId('general-saved')).toBeVisible();

  // Pushed: the formats' own poll is every 5 minutes, so only the server's word gets it here in 5 s.
  await expect(kiosk.locator('time.clock')).toHaveText(/^\d{1,2}:\d{2}:\d{2}\s(AM|PM)$/, { timeout: 5000 });
  expect(kioskLoads).toEqual([]);
  await page.goto(`${server.url}/`);
  await expect(page.locator('time.clock')).toHaveText(/^\d{1,2}:\d{2}:\d{2}\s(AM|PM)$/);
  // The settings pages write their moments the same way (the admin's account, created today).
  await page.goto(`${server.url}/settings/users`);
  await expect(page.getByText(/you · since \d{1,2}:\d{2}:\d{2}\s(AM|PM)/)).toBeVisible();
});
