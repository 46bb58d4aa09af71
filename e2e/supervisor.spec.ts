import AxeBuilder from '@axe-core/playwright';
import { apiState, expect, screenshotPath, test, tileNumber } from './fixtures';

test.describe('supervisor view', () => {
  test('says "connecting", then shows live numbers that change as the simulator takes calls', async ({
    page,
    server,
    boardUrl,
  }) => {
    await page.goto(boardUrl('/'));
    await expect(page.getByTestId('tile-offered')).toBeVisible();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);

    const first = await tileNumber(page, 'offered');
    // The demo's callers arrive every few seconds; the tile must follow without a reload.
    await expect.poll(() => tileNumber(page, 'offered'), { timeout: 60_000 }).not.toBe(first);

    // And what it shows is the server's figure: the board's offered is the sum over its queues.
    await expect
      .poll(
        async () => {
          const shown = await tileNumber(page, 'offered');
          const state = await apiState(server);
          return shown === state.queues.reduce((sum, q) => sum + q.today.offered, 0);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.screenshot({ path: screenshotPath('supervisor'), fullPage: true });
  });

  test('every source is listed with its health', async ({ page, server, boardUrl }) => {
    await page.goto(boardUrl('/'));
    const state = await apiState(server);
    for (const source of state.sources) {
      await expect(page.getByTestId(`source-${source.id}`)).toHaveAttribute('data-status', 'connected');
    }
  });

  test('has no serious accessibility violations', async ({ page, boardUrl }) => {
    await page.goto(boardUrl('/'));
    await expect(page.getByTestId('tile-offered')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  });
});
