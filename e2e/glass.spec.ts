import { expect, test } from '@playwright/test';
import { type SimulatorHandle, startSimulator } from '../server/simulator';
import { apiState, withToken } from './fixtures';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * Issue #15, "the truth on the glass", against the production build with DEMO=1: a queue is live when
 * the sources feeding it are (a second PBX connection down leaves the demo's queues live), and a
 * revoked display's screen says it was revoked, open or freshly loaded.
 */
let server: RunningServer;
let second: SimulatorHandle | null = null;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await second?.stop();
  await server?.dispose();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });

test('a second PBX connection down hatches only its own queues; the demo PBX’s stay live', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const tenant = '111111111111111111';
  second = await startSimulator({
    seed: 7,
    tenantId: tenant,
    tenantName: 'Second tenant',
    domain: 'second.example',
    queues: 1,
    agentsPerQueue: 2,
    host: '127.0.0.1',
    port: 0,
    username: 'wallboard',
    password: 'second-Pa55word-e2e',
  });
  const saved = await api('/api/v1/pbx-connections/second', {
    method: 'PUT',
    body: JSON.stringify({
      name: 'Second PBX',
      url: second.url,
      user: 'wallboard',
      password: 'second-Pa55word-e2e',
      domain: 'second.example',
    }),
  });
  expect(saved.status, await saved.text()).toBe(200);
  const secondQueue = `${tenant}/${second.queues[0]?.number}`;
  await expect
    .poll(async () => (await apiState(server)).queues.some((q) => q.id === secondQueue), { timeout: 30_000 })
    .toBe(true);
  const demoQueues = (await apiState(server)).queues
    .map((q) => q.id)
    .filter((id) => !id.startsWith(`${tenant}/`));
  expect(demoQueues.length).toBeGreaterThan(0);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(withToken(`${server.url}/`));
  const row = (id: string) => page.locator(`[data-testid="queue-row-${id}"]`);
  await expect(row(secondQueue)).toHaveAttribute('data-stale', 'false');
  for (const id of demoQueues) await expect(row(id)).toHaveAttribute('data-stale', 'false');

  // The second PBX goes away: its link is down, the demo PBX and the webhooks are not.
  await second.stop();
  second = null;
  await expect(row(secondQueue)).toHaveAttribute('data-stale', 'true', { timeout: 45_000 });
  await expect(page.getByTestId('stale-banner')).toContainText('its queues are not live');
  for (const id of demoQueues) await expect(row(id)).toHaveAttribute('data-stale', 'false');
  // The connection removed: nothing down feeds that queue any more.
  expect((await api('/api/v1/pbx-connections/second', { method: 'DELETE' })).ok).toBe(true);
});

test('a revoked display’s open kiosk says its access was revoked, and so does a fresh load', async ({
  page,
}) => {
  const created = await api('/api/v1/displays', {
    method: 'POST',
    body: JSON.stringify({ name: 'Hall TV', boardId: 'all-queues' }),
  });
  expect(created.status).toBe(201);
  const { token, display } = (await created.json()) as { token: string; display: { id: number } };
  const kiosk = `${server.url}/kiosk/all-queues?token=${encodeURIComponent(token)}`;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(kiosk);
  await expect(page.getByTestId('tile-offered')).toBeVisible();

  const revoked = await api(`/api/v1/displays/${display.id}`, { method: 'DELETE' });
  expect(revoked.ok).toBe(true);
  // DEMO=1 has a public board: the screen must not carry on as an anonymous viewer of it.
  await expect(page.getByTestId('revoked')).toHaveText(/This screen's access was revoked/);
  await expect(page.locator('[data-testid^="tile-"]')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('revoked')).toHaveText(/This screen's access was revoked/);
  await expect(page.locator('[data-testid^="tile-"]')).toHaveCount(0);
  await expect(page.getByText('needs a valid token')).toHaveCount(0);
});

test('the demo names its agents, and the Calls page names the agent on each answered call', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(withToken(`${server.url}/boards/all-queues/agents`));
  const card = page.locator('[data-testid^="agent-card-"] .agent-name').first();
  await expect(card).toHaveText(/^[A-Z][a-z]+ [A-Z][a-z]+ \d+$/);

  await page.goto(withToken(`${server.url}/boards/all-queues/calls`));
  // A call being talked on names its agent (name and extension), from the queue or the call's legs.
  const talking = page.locator(
    '[data-testid^="call-row-"][data-phase="connected"] [data-testid^="call-agent-"]',
  );
  await expect
    .poll(
      async () => (await talking.allTextContents()).some((t) => /^[A-Z][a-z]+ [A-Z][a-z]+ \d+$/.test(t)),
      {
        timeout: 60_000,
      },
    )
    .toBe(true);
});
