import type { Page } from '@playwright/test';
import { expect, putBoard, screenshotPath, test, withToken } from './fixtures';
import { measureTexts, outOfView, scrollers, squeezedCards } from './layoutProbes';
import { API_TOKEN, startServer } from './server';

const BOARD = 'crowded';
/** Rules that hold at once on the demo floor (39 agents signed in): three alerts at the first look. */
const rule = (id: string, limit: number, severity: string) => ({
  id,
  figure: 'agentsSignedIn',
  level: 'own',
  limit,
  direction: 'above',
  severity,
  holdSeconds: 0,
  clearSeconds: 3600,
});
const MESSAGES = [
  'Fire drill at 15:30: leave by the north stairs',
  'Team meeting moved to room 4B after the shift',
  'Lunch is served in the canteen',
];

/** Every problem the wall can have: a scrollbar, cut or small text, a box off the screen, a squeezed card. */
async function problems(page: Page, height: number): Promise<string[]> {
  const texts = await measureTexts(page, '[data-kiosk]', height * 0.022);
  return [
    ...(await scrollers(page)),
    ...texts.cut,
    ...texts.small,
    ...(await outOfView(
      page,
      '[data-testid^="tile-"], [data-testid^="queue-row-"], [data-testid^="agent-card-"]',
    )),
    ...(await outOfView(page, '[data-testid="kiosk-notices"]')),
    ...(await squeezedCards(page)),
  ];
}

test('three alerts and three floor messages take turns on the wall; the board keeps its room on every screen', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const server = await startServer();
  try {
    await putBoard(server, BOARD, {
      name: 'Crowded floor',
      rotationSeconds: 5,
      alerts: [rule('many', 0, 'warn'), rule('more', 2, 'critical'), rule('most', 3, 'critical')],
    });
    for (const text of MESSAGES) {
      const posted = await fetch(`${server.url}/api/v1/floor-messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text, severity: 'warn', boardIds: [BOARD], expiresInSeconds: null }),
      });
      expect(posted.status).toBe(201);
    }
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await context.newPage();
    await kiosk.goto(withToken(`${server.url}/kiosk/${BOARD}`));
    await expect(kiosk.getByTestId('alert-banner')).toHaveAttribute('data-count', '3', { timeout: 60_000 });
    await expect(kiosk.locator('[data-testid^="agent-card-"]').first()).toBeVisible();

    for (const [width, height, slots] of [
      [1080, 1920, 2],
      [1920, 1080, 3],
      [1366, 768, 3],
    ] as const) {
      await kiosk.setViewportSize({ width, height });
      const pages = Math.ceil(6 / slots);
      const indicator = kiosk.getByTestId('page-indicator-notices');
      await expect(indicator).toHaveAttribute('data-pages', String(pages));
      // Each page in turn: never more than `slots` notices, the board whole; every notice seen.
      const seen = new Set<string>();
      for (let turn = 0; turn < pages + 1 && seen.size < 6; turn++) {
        // The page and its lines in one read: the wall may turn the page between two reads.
        const shown = await kiosk.evaluate(() => ({
          page: document.querySelector('[data-testid="page-indicator-notices"]')?.getAttribute('data-page'),
          // An alert by its id (its figure may move while the test looks), a message by its text.
          lines: Array.from(
            document.querySelectorAll('[data-testid^="alert-"][data-severity], .floor-message-text'),
          ).map((e) => e.getAttribute('data-testid') ?? e.textContent ?? ''),
        }));
        expect(shown.lines.length, `${width}×${height} page ${shown.page}`).toBeLessThanOrEqual(slots);
        for (const t of shown.lines) seen.add(t);
        await expect
          .poll(() => problems(kiosk, height), { message: `${width}×${height} page ${shown.page}` })
          .toEqual([]);
        if (turn === 0 && width === 1080)
          await kiosk.screenshot({ path: screenshotPath('kiosk-notices-portrait') });
        await expect(indicator).not.toHaveAttribute('data-page', String(shown.page), { timeout: 7_000 });
      }
      expect(seen.size, `${width}×${height}: ${[...seen].join(' | ')}`).toBe(6);
      for (const m of MESSAGES) expect([...seen]).toContain(m);
    }
    // A message posted while the alerts' page shows: it is on the wall within a second, not a turn later.
    const indicator = kiosk.getByTestId('page-indicator-notices');
    await expect(indicator).toHaveAttribute('data-page', '1', { timeout: 20_000 });
    const posted = await fetch(`${server.url}/api/v1/floor-messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Doors close at 18:00',
        severity: 'info',
        boardIds: [BOARD],
        expiresInSeconds: null,
      }),
    });
    expect(posted.status).toBe(201);
    await expect(kiosk.locator('.floor-message-text', { hasText: 'Doors close at 18:00' })).toBeVisible({
      timeout: 1000,
    });
    await context.close();
  } finally {
    await server.dispose();
  }
});
