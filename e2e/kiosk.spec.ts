import { AGENT_STATE_GLYPH } from '../components/board/labels';
import { afternoonDay, expect, putBoard, screenshotPath, test, withToken } from './fixtures';
import { measureTexts, missingGlyphs, outOfView, scrollers, squeezedCards } from './layoutProbes';
import { API_TOKEN, startServer } from './server';

/**
 * The wall screens a kiosk meets: portrait, the cheap 1366×768 TV, 1080p and 4K; two of them with
 * German numbers ("100 %", "1.204"), which are wider.
 */
const SCREENS = [
  { name: 'kiosk-1080p', width: 1920, height: 1080, locale: 'en-US' },
  { name: 'kiosk-4k', width: 3840, height: 2160, locale: 'en-US' },
  { name: 'kiosk-768p', width: 1366, height: 768, locale: 'de-DE' },
  { name: 'kiosk-portrait', width: 1080, height: 1920, locale: 'en-US' },
  { name: 'kiosk-portrait-de', width: 1080, height: 1920, locale: 'de-DE' },
  { name: 'kiosk-768p-en', width: 1366, height: 768, locale: 'en-US' },
] as const;

/** Readable from five metres: no text on the wall under 2.2 % of the screen height. */
const MIN_TEXT = 0.022;

for (const screen of SCREENS) {
  test(`kiosk fits ${screen.width}×${screen.height} (${screen.locale}): no scrollbar, no cut figure, no small text`, async ({
    browser,
    boardUrl,
  }) => {
    const context = await browser.newContext({
      viewport: { width: screen.width, height: screen.height },
      locale: screen.locale,
    });
    const page = await context.newPage();
    await page.goto(boardUrl('/kiosk/all-queues'));
    await expect(page.locator('[data-testid^="tile-"]').first()).toBeVisible();
    await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();
    await expect(page.locator('[data-testid^="agent-card-"]').first()).toBeVisible();
    await expect(page.locator('[data-testid^="source-"]').first()).toBeVisible();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    expect(await page.locator('[data-testid^="tile-"]').count()).toBeGreaterThanOrEqual(6);
    expect(await scrollers(page)).toEqual([]);
    expect(await outOfView(page, '[data-testid^="tile-"]')).toEqual([]);
    expect(await outOfView(page, '[data-testid^="queue-row-"]')).toEqual([]);
    expect(await outOfView(page, '[data-testid^="agent-card-"]')).toEqual([]);
    expect(await squeezedCards(page)).toEqual([]);
    expect(await outOfView(page, '[data-testid^="source-"]')).toEqual([]);

    const texts = await measureTexts(page, '[data-kiosk]', screen.height * MIN_TEXT);
    expect(texts.count).toBeGreaterThan(30);
    expect(texts.small).toEqual([]);
    expect(texts.cut).toEqual([]);
    // The title is there in full, not "All …".
    const title = page.getByRole('heading', { level: 1 });
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    if (!screen.name.endsWith('-de') && !screen.name.endsWith('-en'))
      await page.screenshot({ path: screenshotPath(screen.name) });
    await context.close();
  });
}

test('every agent-state glyph is drawn by the kiosk’s font, none as an empty box', async ({
  page,
  boardUrl,
}) => {
  await page.goto(boardUrl('/kiosk/all-queues'));
  const tile = page.getByTestId('tile-agents');
  await expect(tile).toBeVisible();
  const font = await tile.evaluate((el) => getComputedStyle(el).font);
  expect(await missingGlyphs(page, Object.values(AGENT_STATE_GLYPH), font)).toEqual([]);
  // The probe can fail: a character no font has is reported.
  expect(await missingGlyphs(page, ['\u{10FFFC}'], font)).toEqual(['\u{10FFFC}']);
});

test('kiosk hides the cursor after 3 s idle and shows it again on movement', async ({ page, boardUrl }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(boardUrl('/kiosk/all-queues'));
  const root = page.locator('[data-idle]');
  await page.mouse.move(100, 100);
  await expect(root).toHaveAttribute('data-idle', 'false');
  await expect(root).toHaveAttribute('data-idle', 'true', { timeout: 6_000 });
  await page.mouse.move(300, 300);
  await expect(root).toHaveAttribute('data-idle', 'false');
});

test('more agents than fit rotate through pages at the board’s interval instead of scrolling', async ({
  page,
  server,
  boardUrl,
}) => {
  await putBoard(server, 'e2e-rotation', { name: 'Rotation e2e', rotationSeconds: 5 });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(boardUrl('/kiosk/e2e-rotation'));
  const indicator = page.getByTestId('page-indicator-agents');
  await expect(indicator).toHaveAttribute('data-pages', /^[2-9]\d*$/);
  const pages = Number(await indicator.getAttribute('data-pages'));
  const seen = new Set<string>();
  for (let i = 0; i < pages; i++) {
    await expect(indicator).toHaveAttribute('data-page', String(i + 1), { timeout: 8_000 });
    const cards = await page
      .locator('[data-testid^="agent-card-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''));
    for (const c of cards) seen.add(c);
    expect(await outOfView(page, '[data-testid^="agent-card-"]')).toEqual([]);
  }
  // Every agent came round once, and the rotation starts over.
  await expect(indicator).toHaveAttribute('data-page', '1', { timeout: 8_000 });
  const perPage = Number(
    await page.getByRole('list', { name: 'Agents', exact: true }).getAttribute('data-per-page'),
  );
  expect(seen.size).toBeGreaterThan(perPage);
  expect(seen.size).toBeLessThanOrEqual(perPage * pages);
});

test('six sources and a long board name: the title stays whole, every chip and figure fits, no small text', async ({
  browser,
}) => {
  const server = await startServer();
  try {
    for (const [id, kind] of [
      ['voipstudio-frankfurt-backup', 'voipstudio'],
      ['portsip-webhook-branch-office', 'portsip-webhook'],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1/webhook-sources/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: id, kind, enabled: true }),
      });
      expect(res.status, await res.text()).toBeLessThan(300);
    }
    await putBoard(server, 'e2e-long', { name: 'Customer service, all sites and queues' });
    for (const screen of SCREENS.slice(0, 4)) {
      const context = await browser.newContext({
        viewport: { width: screen.width, height: screen.height },
        locale: screen.locale,
      });
      const page = await context.newPage();
      await page.goto(withToken(`${server.url}/kiosk/e2e-long`));
      await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();
      await expect(page.locator('[data-testid^="source-"]')).toHaveCount(6);
      const where = `${screen.width}×${screen.height}`;
      expect(await scrollers(page), where).toEqual([]);
      expect(await outOfView(page, '[data-testid^="source-"]'), where).toEqual([]);
      expect(await outOfView(page, '[data-testid^="tile-"]'), where).toEqual([]);
      const texts = await measureTexts(page, '[data-kiosk]', screen.height * MIN_TEXT);
      expect(texts.small, where).toEqual([]);
      expect(texts.cut, where).toEqual([]);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'Customer service, all sites and queues',
      );
      await context.close();
    }
  } finally {
    await server.dispose();
  }
});

test('a kiosk on a day under way shows a figure past its critical level, and still fits', async ({
  browser,
}) => {
  // Its own demo, opening on the afternoon so far; a desk with strict targets for abandons and SLA.
  const server = await startServer(afternoonDay());
  try {
    await putBoard(server, 'service-desk', {
      name: 'Service desk',
      thresholds: {
        waiting: { direction: 'above', warn: 5, critical: 10 },
        longestWaitSeconds: { direction: 'above', warn: 60, critical: 120 },
        serviceLevel: { direction: 'below', warn: 0.9, critical: 0.8 },
        abandonRate: { direction: 'above', warn: 0.04, critical: 0.08 },
      },
    });
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(withToken(`${server.url}/kiosk/service-desk`));
    await expect(page.locator('[data-testid^="agent-card-"]').first()).toBeVisible();
    // The demo's day abandons about one call in ten: past this desk's 8 %.
    await expect(page.getByTestId('tile-abandonRate')).toHaveAttribute('data-level', 'critical');
    const offered = Number(
      (await page.getByTestId('tile-offered').locator('.tile-value').textContent())?.replace(/\D/g, ''),
    );
    expect(offered).toBeGreaterThan(500);
    expect(await scrollers(page)).toEqual([]);
    expect(await outOfView(page, '[data-testid^="tile-"]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('kiosk-critical') });
    await context.close();
  } finally {
    await server.dispose();
  }
});
