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
    // The demo's link checks itself against its simulator once connected (docs/metrics.md, "Drift").
    await expect(page.getByTestId('check-of-source-demo-pbx')).toHaveText(
      /^ · checked (just now|\d+ s ago|\d+ min ago) · \d+ differences? today$/,
      { timeout: 30_000 },
    );
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

test('on a 390 px phone the board has no sideways page scroll (the queue table scrolls in its own box)', async ({
  page,
  boardUrl,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(boardUrl('/'));
  await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();
  await expect(page.locator('[data-testid^="source-"]').first()).toBeVisible();
  const widths = await page.evaluate(() => ({
    page: (document.scrollingElement ?? document.documentElement).scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  // The table is still all there: its wrapper scrolls sideways instead.
  const wrap = page.locator('.table-wrap').first();
  expect(await wrap.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
});

test('the favicon is served as an image and linked in the head', async ({ page, boardUrl, server }) => {
  await page.goto(boardUrl('/'));
  const hrefs = await page
    .locator('head link[rel~="icon"]')
    .evaluateAll((els) => els.map((el) => (el as HTMLLinkElement).href));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    const res = await fetch(new URL(new URL(href).pathname + new URL(href).search, server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type') ?? '').toMatch(/^image\//);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(50);
  }
  // And the kiosk links it too.
  await page.goto(boardUrl('/kiosk/all-queues'));
  expect(await page.locator('head link[rel~="icon"]').count()).toBeGreaterThan(0);
});

test('relative times do not move the layout as they change ("just now" → "37 s ago")', async ({
  page,
  boardUrl,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(boardUrl('/'));
  const ages = page.locator('[data-testid^="source-"] .source-age');
  await expect(ages.first()).toBeVisible();
  await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();
  const seen = new Map<string, { texts: Set<string>; widths: Set<number> }>();
  const edges = new Set<number>(); // where the sources list starts
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline) {
    const sample = await page.locator('[data-testid^="source-"]').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-testid') ?? '',
        text: el.querySelector('.source-age')?.textContent ?? '',
        width: Math.round(el.getBoundingClientRect().width * 10) / 10,
      })),
    );
    for (const s of sample) {
      const e = seen.get(s.id) ?? { texts: new Set(), widths: new Set() };
      e.texts.add(s.text);
      e.widths.add(s.width);
      seen.set(s.id, e);
    }
    edges.add(
      await page.locator('.app-sources').evaluate((el) => Math.round(el.getBoundingClientRect().left)),
    );
    await page.waitForTimeout(200);
  }
  // Some age did change while we watched, and no chip changed width for it, nor did the list move.
  expect([...seen.values()].some((e) => e.texts.size > 1)).toBe(true);
  for (const [id, e] of seen)
    expect({ id, widths: [...e.widths] }).toEqual({ id, widths: [...e.widths].slice(0, 1) });
  expect(edges.size).toBe(1);
});
