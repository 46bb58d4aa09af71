import { test as base, expect, withToken } from './fixtures';
import { type RunningServer, startServer } from './server';

/**
 * Issue #14 item 5 on the glass: a server stopped and started again says so on the queue rows it fed,
 * "figures miss HH:MM–HH:MM: server stopped", until the day rolls (docs/metrics.md, "Gaps").
 */
const test = base.extend<{ own: RunningServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured.
  own: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.dispose();
  },
});

test('after a SIGKILL and a restart, each queue row says what its figures miss', async ({
  page,
  own: server,
}) => {
  test.setTimeout(180_000);
  await page.goto(withToken(`${server.url}/`));
  const rows = page.locator('[data-testid^="queue-row-"]');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('gap-note')).toHaveCount(0);

  await server.kill('SIGKILL');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await server.restart();
  await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 30_000 }).toBe(200);

  const note = rows.first().getByTestId('gap-note');
  await expect(note).toBeVisible({ timeout: 45_000 });
  await expect(note).toContainText(/figures miss \d{2}:\d{2}–\d{2}:\d{2}: server stopped/);
  await expect(page.getByTestId('gap-note')).toHaveCount(await rows.count());
});
