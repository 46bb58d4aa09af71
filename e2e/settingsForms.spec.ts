import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * Settings never lose or corrupt what an admin set, in a real browser against the real server: a
 * taken id is refused under the Id field and the existing board / source stays; an empty SLA or a
 * short abandon longer than the SLA is refused under its field and nothing is saved; the id inputs'
 * pattern compiles (no console error), and the forms stay free of serious axe findings.
 */
const ADMIN = { email: 'admin@example.com', password: 'forms admin pass 7' };
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
});
test.afterAll(async () => {
  await server?.dispose();
});

async function asApi(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  return res.json();
}

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

async function seriousAxe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('adding a board with a taken id is refused under the Id field; the default board keeps its name', async ({
  page,
}) => {
  await signIn(page, '/settings/boards');
  await page.getByRole('button', { name: 'Add a board' }).click();
  const form = page.getByRole('form', { name: 'New board' });
  await form.getByLabel('Id', { exact: true }).fill('all-queues');
  await form.getByLabel('Name', { exact: true }).fill('Sales floor');
  await form.getByRole('button', { name: 'Save board' }).click();
  await expect(form.getByTestId('error-id')).toHaveText('A board with the id "all-queues" already exists');
  await expect(form.getByLabel('Id', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect((await asApi('/api/v1/boards/all-queues')).board.name).toBe('All queues');

  // A threshold typed as text is named, not dropped; a level outside 0-100 % is refused too.
  await form.getByLabel('Id', { exact: true }).fill('sales-floor');
  await form.getByLabel('Waiting now warn').fill('abc');
  await form.getByRole('button', { name: 'Save board' }).click();
  await expect(form.getByTestId('error-thresholds.waiting.warn')).toHaveText('Warn level must be a number');
  await form.getByLabel('Waiting now warn').fill('4');
  await form.getByLabel('Service level warn').fill('150');
  await form.getByRole('button', { name: 'Save board' }).click();
  await expect(form.getByTestId('error-thresholds.serviceLevel.warn')).toHaveText(
    'Warn level must be between 0 and 100 %',
  );
  await expect(form.getByTestId('error-thresholds.waiting.warn')).toHaveCount(0);
  expect((await asApi('/api/v1/boards')).boards.map((b: { id: string }) => b.id)).not.toContain(
    'sales-floor',
  );

  // Put right, it is created; the list shows both.
  await form.getByLabel('Service level warn').fill('85');
  await form.getByRole('button', { name: 'Save board' }).click();
  await expect(page.getByTestId('board-sales-floor')).toBeVisible();
  await expect(page.getByTestId('board-all-queues')).toContainText('All queues');
  expect(await seriousAxe(page)).toEqual([]);
});

test('adding a webhook source with a taken id is refused; the first keeps its name and kind', async ({
  page,
}) => {
  await signIn(page, '/settings/webhooks');
  const form = page.getByRole('form', { name: 'New webhook source' });
  const add = async (id: string, name: string, kind: string) => {
    await form.getByLabel('Id', { exact: true }).fill(id);
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Kind').selectOption(kind);
    await form.getByRole('button', { name: 'Add webhook source' }).click();
  };
  await add('branch-pbx', 'Branch 3CX', '3cx');
  await expect(page.getByTestId('revealed-secret')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await add('branch-pbx', 'Renamed', 'voipstudio');
  await expect(form.getByTestId('error-id')).toHaveText(
    'A webhook source with the id "branch-pbx" already exists',
  );
  await expect(page.getByTestId('revealed-secret')).toHaveCount(0);
  expect(await asApi('/api/v1/webhook-sources/branch-pbx')).toMatchObject({
    name: 'Branch 3CX',
    kind: '3cx',
  });
  expect(await seriousAxe(page)).toEqual([]);
});

test('an empty SLA or a short abandon over the SLA is refused under its field and nothing is saved', async ({
  page,
}) => {
  await signIn(page, '/settings/general');
  const form = page.getByRole('form', { name: 'General settings' });
  const sla = form.getByLabel('SLA (s)');
  await expect(sla).toHaveValue('20');
  await sla.fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('error-slaSeconds')).toHaveText('Enter the SLA in seconds');
  await expect(sla).toHaveAttribute('aria-invalid', 'true');
  await expect(sla).toHaveAttribute('aria-describedby', 'general-sla-error');
  await expect(page.getByTestId('general-saved')).toHaveCount(0);

  await sla.fill('10');
  await form.getByLabel('Short abandon (s)').fill('30');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('error-shortAbandonSeconds')).toHaveText(
    'The short-abandon time must not be longer than the SLA (10 s)',
  );
  await expect(page.getByTestId('general-saved')).toHaveCount(0);
  expect((await asApi('/api/v1/settings/general')).settings).toMatchObject({
    slaSeconds: 20,
    shortAbandonSeconds: 5,
  });
  expect(await seriousAxe(page)).toEqual([]);
});

test('days of history to keep: 400 by default, an empty field refused under it, 90 saved', async ({
  page,
}) => {
  await signIn(page, '/settings/general');
  const form = page.getByRole('form', { name: 'General settings' });
  const days = form.getByLabel('Keep history (days)');
  await expect(days).toHaveValue('400');
  await days.fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('error-historyDays')).toHaveText('Enter the days of history to keep');
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await days.fill('90');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('general-saved')).toBeVisible();
  expect((await asApi('/api/v1/settings/general')).settings).toMatchObject({ historyDays: 90 });
});

test('a new user with a bad email or a common password is refused under each field; a taken email under Email', async ({
  page,
}) => {
  await signIn(page, '/settings/users');
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Password').fill('Password123');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByTestId('error-email')).toHaveText('Enter an email address, like name@example.com');
  await expect(form.getByTestId('error-password')).toHaveText(
    'This is one of the most common passwords: pick another',
  );
  await expect(form.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  const users = page.getByRole('list', { name: 'Users' }).getByRole('listitem');
  const before = await users.count();

  // A good one is added and the form empties; the same email again is refused by the server, under Email.
  await form.getByLabel('Email').fill('second.admin@example.com');
  await form.getByLabel('Password').fill('a long enough secret');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('list', { name: 'Users' }).getByText('second.admin@example.com')).toBeVisible();
  await expect(form.getByTestId('error-email')).toHaveCount(0);
  await expect(form.getByLabel('Email')).toHaveValue('');
  await form.getByLabel('Email').fill('second.admin@example.com');
  await form.getByLabel('Password').fill('another long secret');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByTestId('error-email')).toHaveText('A user with this email exists');
  await expect(users).toHaveCount(before + 1);
  expect(await seriousAxe(page)).toEqual([]);
});

test('the id inputs compile their pattern (no console error) and the browser checks them', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await signIn(page, '/settings/boards');
  await page.getByRole('button', { name: 'Add a board' }).click();
  const boardId = page.getByRole('form', { name: 'New board' }).getByLabel('Id', { exact: true });
  await boardId.fill('has space');
  expect(await boardId.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  await boardId.fill('fine-id-2');
  expect(await boardId.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);

  await page.goto(`${server.url}/settings/webhooks`);
  const wsId = page.getByRole('form', { name: 'New webhook source' }).getByLabel('Id', { exact: true });
  await wsId.fill('has space');
  expect(await wsId.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);

  await page.goto(`${server.url}/settings/pbx`);
  await page.getByRole('button', { name: 'Add a PBX connection' }).click();
  const pbxId = page.getByRole('form', { name: 'New PBX connection' }).getByLabel('Id', { exact: true });
  await pbxId.fill('has space');
  expect(await pbxId.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
  expect(errors).toEqual([]);
});

test('/setup refuses ten spaces with the rule in plain words, and /setup and /login pass axe', async ({
  page,
}) => {
  const fresh = await startServer({ DEMO: '0' });
  try {
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
      page.goto(`${fresh.url}/setup`),
    ]);
    await expect(
      page.getByText('At least 10 characters, not only spaces, and not a common password.'),
    ).toBeVisible();
    expect(await seriousAxe(page)).toEqual([]);
    await page.getByLabel('Email', { exact: true }).fill('first@example.com');
    await page.getByLabel('Password', { exact: true }).fill(' '.repeat(10));
    await page.getByRole('button', { name: 'Create admin' }).click();
    await expect(page.getByTestId('auth-error')).toHaveText('A password of only spaces is not a password');
    const setup = await (await fetch(`${fresh.url}/api/v1/setup`)).json();
    expect(setup).toEqual({ needsSetup: true });
    // The server holds the same rule for a client that skips the form.
    const direct = await fetch(`${fresh.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: fresh.url },
      body: JSON.stringify({ email: 'first@example.com', password: ' '.repeat(10) }),
    });
    expect(direct.status).toBe(422);

    await page.goto(`${fresh.url}/login`);
    await expect(page.getByRole('link', { name: 'create the first admin' })).toBeVisible();
    expect(await seriousAxe(page)).toEqual([]);
  } finally {
    await fresh.dispose();
  }
  // Once an admin exists /setup says so with a "Sign in" link, told apart by more than its colour.
  await page.goto(`${server.url}/setup`);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  expect(await seriousAxe(page)).toEqual([]);
});
