import type { Locator } from '@playwright/test';
import { expect, putBoard, test } from './fixtures';

/** The tile's level as a person sees it: the shape beside the number and the tile's colours. */
async function looks(tile: Locator) {
  return {
    level: await tile.getAttribute('data-level'),
    shape: (await tile.locator('.tile-value .level-mark [aria-hidden="true"]').textContent())?.trim() ?? null,
    colour: await tile.locator('.tile-value').evaluate((el) => getComputedStyle(el).color),
    edge: await tile.evaluate((el) => getComputedStyle(el).borderLeftColor),
  };
}

test('thresholds change a tile’s colour and shape', async ({ page, server, boardUrl }) => {
  const board = { name: 'Thresholds e2e', queues: 'all' as const };
  const waiting = (warn: number | null, critical: number | null) => ({
    ...board,
    thresholds: { waiting: { direction: 'above', warn, critical } },
  });
  const tile = page.getByTestId('tile-waiting');

  await putBoard(server, 'e2e-thresholds', waiting(1000, 2000));
  await page.goto(boardUrl('/boards/e2e-thresholds'));
  await expect(tile).toHaveAttribute('data-level', 'ok');
  const ok = await looks(tile);
  expect(ok.shape).toBe('●');

  // Waiting ≥ 0 is always true: the same figure is now past warn, then past critical.
  await putBoard(server, 'e2e-thresholds', waiting(0, 1000));
  await page.reload();
  await expect(tile).toHaveAttribute('data-level', 'warn');
  const warn = await looks(tile);
  expect(warn.shape).toBe('▲');

  await putBoard(server, 'e2e-thresholds', waiting(0, 0));
  await page.reload();
  await expect(tile).toHaveAttribute('data-level', 'critical');
  const critical = await looks(tile);
  expect(critical.shape).toBe('◆');

  expect(new Set([ok.colour, warn.colour, critical.colour]).size).toBe(3);
  expect(new Set([ok.edge, warn.edge, critical.edge]).size).toBe(3);
  // The threshold is printed small on the tile.
  await expect(tile).toContainText('warn ≥ 0');

  // No threshold at all: no colour, no shape.
  await putBoard(server, 'e2e-thresholds', { ...board, thresholds: {} });
  await page.reload();
  await expect(tile).toHaveAttribute('data-level', 'none');
  await expect(tile.locator('.level-mark')).toHaveCount(0);
});
