import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type RunningServer, startServer } from './server';

/**
 * A way around, in a real browser: signed out, every settings page is a sign-in prompt and nothing
 * else (before and after the first admin exists); each role lands where it works and finds the boards,
 * Settings (if theirs) and Sign out in one header; the demo's PBX link shows in Settings → PBX.
 */
const ADMIN = { email: 'admin@example.com', password: 'navigate admin pass' };
const SUPERVISOR = { email: 'sup@example.com', password: 'navigate super pass' };
const SETTINGS_PAGES = ['general', 'pbx', 'webhooks', 'boards', 'displays', 'alerts', 'users'];

async function signIn(browser: Browser, server: RunningServer, who: typeof ADMIN): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
    page.goto(`${server.url}/login`),
  ]);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

async function expectSignInPromptOnly(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('sign-in-needed')).toBeVisible();
  await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Edit|Delete|Add|Save)/ })).toHaveCount(0);
  await expect(page.getByRole('form')).toHaveCount(0);
  const link = page.getByTestId('sign-in-needed').getByRole('link', { name: 'Sign in' });
  await expect(link).toHaveAttribute('href', `/login?next=${encodeURIComponent(new URL(url).pathname)}`);
}

test('signed out, every settings page is a sign-in prompt and nothing else, before and after the first admin', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const before = await startServer({});
  try {
    for (const p of SETTINGS_PAGES) await expectSignInPromptOnly(page, `${before.url}/settings/${p}`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  } finally {
    await before.dispose();
  }
  const after = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    for (const p of SETTINGS_PAGES) await expectSignInPromptOnly(page, `${after.url}/settings/${p}`);
  } finally {
    await after.dispose();
  }
});

test('each role lands where it works and finds the boards, Settings and Sign out in the header', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    // The admin of a running demo lands on the board (a PBX already feeds it), and goes to Settings.
    const admin = await signIn(browser, server, ADMIN);
    await expect(admin).toHaveURL(`${server.url}/`);
    const nav = admin.getByTestId('account-nav');
    await expect(nav.getByTestId('account-user')).toHaveText(`${ADMIN.email} (admin)`);
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect(admin).toHaveURL(`${server.url}/settings/general`);
    // Settings → PBX shows the demo's own link, a saved connection like any other.
    await admin
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: 'PBX connections' })
      .click();
    await expect(admin.getByTestId('pbx-connection-demo-pbx')).toContainText('Demo PBX (built-in simulator)');
    // With its self-check against the simulator (docs/metrics.md, "Drift"), refreshed every 5 s.
    await expect(admin.getByTestId('pbx-connection-demo-pbx')).toContainText(
      /checked (just now|\d+ s ago|\d+ min ago) · \d+ differences? today/,
      { timeout: 30_000 },
    );
    await expect(admin.getByText('No PBX connection yet')).toHaveCount(0);
    // And back to a board from any settings page.
    await admin.getByTestId('account-nav').getByRole('link', { name: 'All queues' }).click();
    await expect(admin).toHaveURL(`${server.url}/`);
    await expect(admin.getByRole('heading', { name: 'All queues' })).toBeVisible();

    const created = await admin.request.post(`${server.url}/api/v1/users`, {
      headers: { origin: server.url },
      data: { ...SUPERVISOR, role: 'supervisor' },
    });
    expect(created.status()).toBe(201);

    // A supervisor lands on the board; Settings takes them to the boards' thresholds, their page.
    const sup = await signIn(browser, server, SUPERVISOR);
    await expect(sup).toHaveURL(`${server.url}/`);
    await sup.getByTestId('account-nav').getByRole('link', { name: 'Settings' }).click();
    await expect(sup).toHaveURL(`${server.url}/settings/boards`);
    await expect(sup.getByTestId('board-all-queues')).toBeVisible();
    await expect(sup.getByRole('navigation', { name: 'Settings' }).getByRole('link')).toHaveText([
      'Boards',
      'Users',
    ]);
    // A page that is not theirs says so, without offering a sign-in they already did.
    await sup.goto(`${server.url}/settings/pbx`);
    await expect(sup.getByTestId('not-allowed')).toContainText('Your account may not change these settings');
    await expect(sup.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
    await expect(sup.getByRole('button', { name: 'Add a PBX connection' })).toHaveCount(0);
    // Sign out ends the session: the settings are a sign-in prompt again.
    await sup.getByTestId('account-nav').getByRole('button', { name: 'Sign out' }).click();
    await expect(sup).toHaveURL(/\/login$/);
    await sup.goto(`${server.url}/settings/boards`);
    await expect(sup.getByTestId('sign-in-needed')).toBeVisible();
  } finally {
    await server.dispose();
  }
});
