import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { API_TOKEN, type RunningServer, startServer } from './server';

const ADMIN = { email: 'admin@example.com', password: 'alert rules admin pass' };

async function signIn(browser: Browser, server: RunningServer): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/login?next=/settings/boards`);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/boards$/);
  return page;
}

test('the board editor: an admin adds an alert rule; a missing limit is refused under its field', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    const admin = await signIn(browser, server);
    await admin.getByTestId('board-all-queues').getByRole('button', { name: 'Edit' }).click();
    const form = admin.getByRole('form', { name: 'Edit board All queues' });
    await form.getByTestId('add-alert-rule').click();
    // A figure the board has no threshold for needs the rule's own limit: refused until it has one.
    await form.getByLabel('Rule rule-1: figure').selectOption('offered');
    await form.getByLabel('Hold before raising (s)').fill('5');
    await form.getByRole('button', { name: 'Save board' }).click();
    await expect(form.getByTestId('error-alerts.0.limit')).toHaveText('Enter the limit');
    await form.getByLabel('Limit (calls)').fill('500');
    await form.getByLabel('Supervisors may snooze').check();
    await form.getByLabel('The kiosk chimes', { exact: false }).check();
    await form.getByRole('button', { name: 'Save board' }).click();
    await expect(form).toHaveCount(0);
    const res = await fetch(`${server.url}/api/v1/boards/all-queues`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    const { board } = (await res.json()) as { board: { alerts: unknown[]; alertChime: boolean } };
    expect(board.alertChime).toBe(true);
    expect(board.alerts).toEqual([
      expect.objectContaining({
        id: 'rule-1',
        figure: 'offered',
        queue: null,
        level: 'own',
        limit: 500,
        holdSeconds: 5,
        supervisorsMaySnooze: true,
      }),
    ]);
  } finally {
    await server.dispose();
  }
});
