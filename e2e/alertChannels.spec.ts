import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { type HttpReceiver, startHttpReceiver } from '../server/alerts/channels/testing/httpReceiver';
import { screenshotPath } from './fixtures';
import { type RunningServer, startServer } from './server';

/**
 * Settings → Alerts in a real browser against the real server: an admin adds a webhook channel
 * pointing at a receiver this test runs on loopback, presses Send test; the receiver gets one signed
 * request (checked with the Standard Webhooks library) and the page says it was delivered. The
 * secret typed in never comes back to the page.
 */
const ADMIN = { email: 'admin@example.com', password: 'alerts admin pass 7' };
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
let server: RunningServer;
let receiver: HttpReceiver;

test.beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  receiver = await startHttpReceiver(() => ({ status: 200, body: 'thanks' }));
});
test.afterAll(async () => {
  await receiver?.close();
  await server?.dispose();
});

async function signIn(page: Page, next: string): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
    page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`),
  ]);
  await page.getByLabel('Email', { exact: true }).fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}${next}`);
}

test('a webhook channel made on the page delivers its test to a loopback receiver, signed, and the page says so', async ({
  page,
}) => {
  await signIn(page, '/settings/alerts');
  await expect(
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Alerts' }),
  ).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Add a channel' }).click();
  const form = page.getByRole('form', { name: 'New alert channel' });
  await form.getByLabel('Name', { exact: true }).fill('Ops receiver');
  await form.getByLabel('Kind').selectOption('webhook');
  await form.getByLabel('Receiver URL').fill(`${receiver.url}/callboard`);
  await form.getByLabel('Signing secret (whsec_…)').fill(SECRET);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved Ops receiver.' })).toBeVisible();

  const channel = page.getByRole('listitem').filter({ hasText: 'Ops receiver' });
  await expect(channel).toContainText('Nothing sent yet');
  await channel.getByRole('button', { name: 'Send test' }).click();
  await expect(channel.getByTestId('test-result')).toHaveAttribute('data-ok', 'true');
  await expect(channel.getByTestId('test-result')).toContainText('✓ Delivered (200)');

  const [request] = await receiver.waitFor(1);
  expect(request?.path).toBe('/callboard');
  const payload = new Webhook(SECRET).verify(request?.body ?? '', request?.headers as Record<string, string>);
  expect(payload).toMatchObject({
    type: 'test',
    data: { kind: 'test', title: 'Test of the channel "Ops receiver"' },
  });
  expect(receiver.requests).toHaveLength(1);

  // The list's state and the log show it; the secret is nowhere on the page.
  await expect(channel.getByTestId('channel-last')).toContainText('✓ delivered');
  await channel.getByRole('button', { name: 'Log' }).click();
  await expect(channel.locator('tr[data-outcome="delivered"]')).toHaveCount(1);
  await expect(channel.locator('tr[data-outcome="delivered"]')).toContainText('thanks');
  expect(await page.content()).not.toContain(SECRET.slice(6, 30));
  await page.screenshot({ path: screenshotPath('settings-alerts'), fullPage: true });

  // Editing shows the secret as set, never its value.
  await channel.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Ops receiver' });
  await expect(edit.getByLabel('Signing secret (whsec_…)')).toHaveValue('');
  await expect(edit.getByLabel('Signing secret (whsec_…)')).toHaveAttribute(
    'placeholder',
    'set — leave empty to keep it',
  );

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
  expect(serious).toEqual([]);
});
