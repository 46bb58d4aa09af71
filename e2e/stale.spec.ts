import type { Page } from '@playwright/test';
import { apiState, test as base, expect, tileNumber, withToken } from './fixtures';
import { type RunningServer, startServer } from './server';

/**
 * The client's "nothing arrived" window (lib/board/stale.ts SILENT_AFTER_MS): the server speaks at
 * least every 10 s (a heartbeat on an idle stream); two missed heartbeats plus 5 s of slack.
 */
const HEARTBEAT_WINDOW_MS = 25_000;

/** Each spec here kills or freezes its server, so each gets its own. */
const test = base.extend<{ own: RunningServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured.
  own: async ({}, use) => {
    const server = await startServer();
    await use(server);
    server.thaw();
    await server.dispose();
  },
});

/** The kiosk at 1080p, live; returns its offered tile. */
async function liveKiosk(page: Page, server: RunningServer) {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(withToken(`${server.url}/kiosk/all-queues`));
  const offered = page.getByTestId('tile-offered');
  await expect(offered).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  return offered;
}

test('a killed server turns the kiosk stale within the heartbeat window; a restart clears it with correct figures', async ({
  page,
  own: server,
}) => {
  test.setTimeout(180_000);
  const offered = await liveKiosk(page, server);

  await server.kill('SIGKILL');
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toBeVisible({ timeout: HEARTBEAT_WINDOW_MS });
  await expect(banner).toContainText(/Not live since \d{1,2}:\d{2}/);
  await expect(offered).toHaveAttribute('data-stale', 'true');
  await expect(page.locator('[data-testid^="queue-row-"][data-stale="false"]')).toHaveCount(0);

  // Back on the link, the page also re-reads its formats: settings may have changed while it was away.
  const formatsReread = page.waitForRequest((r) => r.url().endsWith('/api/v1/settings/general'), {
    timeout: 60_000,
  });
  await server.restart();
  // Ready: today's journal is replayed (a socket that came earlier was held at the door until then).
  await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
  const readyAt = Date.now();
  // The link retries on its own (backoff ≤ 2 s): no reload, no touch, and live within 3 s of ready.
  // (The PBX link comes back by itself a moment later: the banner may still name it, not the link.)
  await expect(page.locator('[data-testid="stale-banner"]:not([data-reason="sources"])')).toHaveCount(0, {
    timeout: 3_000,
  });
  const liveAfterMs = Date.now() - readyAt;
  test.info().annotations.push({ type: 'live after /readyz', description: `${liveAfterMs} ms` });
  console.log(`live ${liveAfterMs} ms after /readyz 200`);
  expect(liveAfterMs).toBeLessThanOrEqual(3_000);
  await expect(banner).toHaveCount(0, { timeout: 45_000 });
  await formatsReread;
  await expect(offered).toHaveAttribute('data-stale', 'false');
  await expect
    .poll(
      async () => {
        const state = await apiState(server);
        return (await tileNumber(page, 'offered')) === state.queues.reduce((s, q) => s + q.today.offered, 0);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
});

test('a server that stops answering with its socket still open (half-open link) turns the kiosk stale within the heartbeat window', async ({
  page,
  own: server,
}) => {
  test.setTimeout(180_000);
  const offered = await liveKiosk(page, server);

  server.freeze();
  const frozenAt = Date.now();
  const banner = page.getByTestId('stale-banner');
  await expect(banner).toBeVisible({ timeout: HEARTBEAT_WINDOW_MS + 10_000 });
  expect(Date.now() - frozenAt).toBeLessThanOrEqual(HEARTBEAT_WINDOW_MS + 5_000);
  await expect(offered).toHaveAttribute('data-stale', 'true');

  server.thaw();
  await expect(banner).toHaveCount(0, { timeout: 45_000 });
  await expect(offered).toHaveAttribute('data-stale', 'false');
});
