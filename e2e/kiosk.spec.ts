import type { Page } from '@playwright/test';
import { expect, putBoard, screenshotPath, test } from './fixtures';

const SCREENS = [
  { name: 'kiosk-1080p', width: 1920, height: 1080 },
  { name: 'kiosk-4k', width: 3840, height: 2160 },
] as const;

/** Everything that could scroll: the document, and any element whose content overflows a scrolling box. */
async function scrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollHeight > window.innerHeight + 1 || doc.scrollWidth > window.innerWidth + 1)
      found.push(
        `document ${doc.scrollWidth}×${doc.scrollHeight} in ${window.innerWidth}×${window.innerHeight}`,
      );
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const style = getComputedStyle(el);
      const scrollsY = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      const scrollsX = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      if (scrollsX || scrollsY) found.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return found;
  });
}

/** Elements (by test id) not wholly inside the viewport. */
async function outOfView(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.width === 0 ||
          r.top < 0 ||
          r.left < 0 ||
          r.bottom > innerHeight + 0.5 ||
          r.right > innerWidth + 0.5
        );
      })
      .map((el) => el.getAttribute('data-testid') ?? el.tagName),
  );
}

for (const screen of SCREENS) {
  test(`kiosk fits ${screen.width}×${screen.height}: no scrollbar, every tile and row in view`, async ({
    browser,
    boardUrl,
  }) => {
    const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height } });
    const page = await context.newPage();
    await page.goto(boardUrl('/kiosk/all-queues'));
    await expect(page.locator('[data-testid^="tile-"]').first()).toBeVisible();
    await expect(page.locator('[data-testid^="queue-row-"]').first()).toBeVisible();
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);

    expect(await page.locator('[data-testid^="tile-"]').count()).toBeGreaterThanOrEqual(6);
    expect(await scrollers(page)).toEqual([]);
    expect(await outOfView(page, '[data-testid^="tile-"]')).toEqual([]);
    expect(await outOfView(page, '[data-testid^="queue-row-"]')).toEqual([]);
    expect(await outOfView(page, '[data-testid^="agent-card-"]')).toEqual([]);

    // Readable from five metres: no text on the wall under ~1.5 % of the screen height.
    const smallest = await page.evaluate(() => {
      let min = Number.POSITIVE_INFINITY;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || el.closest('.sr-only,[hidden],[aria-hidden="true"]')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        min = Math.min(min, Number.parseFloat(getComputedStyle(el).fontSize));
      }
      return min;
    });
    expect(smallest).toBeGreaterThanOrEqual(screen.height * 0.015 - 0.5);

    await page.screenshot({ path: screenshotPath(screen.name) });
    await context.close();
  });
}

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
