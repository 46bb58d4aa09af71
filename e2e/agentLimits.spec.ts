import type { Locator, Page } from '@playwright/test';
import { afternoonDay, apiState, expect, putBoard, test, withToken } from './fixtures';
import { type RunningServer, startServer } from './server';

/** What a person sees of an agent's time in state: its level, the shape and the card's edge. */
async function looks(card: Locator) {
  const time = card.locator('.time-in-state');
  return {
    level: await time.getAttribute('data-level'),
    shape: (await time.locator('.level-mark [aria-hidden="true"]').allTextContents()).join('').trim(),
    colour: await time.evaluate((el) => getComputedStyle(el).color),
    edge: await card.evaluate((el) => getComputedStyle(el).boxShadow),
  };
}

type Counters = { offered: number; abandoned: number; shortAbandoned: number };

test('the abandon-rate tile leaves short abandons out when the board says so, and has no level under its minimum', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // Its own demo, opening on the afternoon so far: only a day with short abandons tells the two
  // readings apart, and an empty day may take minutes to have one.
  const server: RunningServer = await startServer(afternoonDay());
  try {
    await abandonTile(page, server);
  } finally {
    await server.dispose();
  }
});

async function abandonTile(page: Page, server: RunningServer): Promise<void> {
  const boardUrl = (path: string) => withToken(`${server.url}${path}`);
  const sum = async (): Promise<Counters> => {
    const c = { offered: 0, abandoned: 0, shortAbandoned: 0 };
    for (const q of (await apiState(server)).queues) {
      const t = q.today as unknown as Counters;
      c.offered += t.offered;
      c.abandoned += t.abandoned;
      c.shortAbandoned += t.shortAbandoned;
    }
    return c;
  };
  await expect.poll(async () => (await sum()).shortAbandoned, { timeout: 60_000 }).toBeGreaterThan(0);
  const board = {
    name: 'Abandon e2e',
    queues: 'all' as const,
    tiles: ['abandonRate', 'offered'],
    thresholds: { abandonRate: { direction: 'above', warn: 0, critical: null } },
  };
  const tile = page.getByTestId('tile-abandonRate');
  const shown = async () => {
    const text = (await tile.locator('.tile-value').textContent()) ?? '';
    return Number.parseFloat(text.replace(/[^\d.]/g, ''));
  };
  // The oracle, from docs/metrics.md: (abandoned − short) ÷ (offered − short), as the tile rounds it.
  const excluded = (c: Counters) =>
    Math.round(((c.abandoned - c.shortAbandoned) / (c.offered - c.shortAbandoned)) * 100);
  const counted = (c: Counters) => Math.round((c.abandoned / c.offered) * 100);

  await putBoard(server, 'e2e-abandon', {
    ...board,
    abandonRate: { countShortAbandons: false, minCalls: 0 },
  });
  await page.goto(boardUrl('/boards/e2e-abandon'));
  await expect(tile).toContainText('(abandoned − short) ÷ (offered − short)');
  // Compared at a moment when the two readings differ, or the check would prove nothing.
  await expect
    .poll(
      async () => {
        const c = await sum();
        return (await shown()) === excluded(c) && excluded(c) !== counted(c);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  // warn ≥ 0 %: judged, so warn with its shape.
  await expect(tile).toHaveAttribute('data-level', 'warn');

  // Under the minimum calls the value still shows, without a level or a shape.
  await putBoard(server, 'e2e-abandon', {
    ...board,
    abandonRate: { countShortAbandons: true, minCalls: 100_000 },
  });
  await page.reload();
  await expect(tile).toContainText('abandoned ÷ offered');
  await expect(tile).toContainText('no level under 100000 calls');
  await expect.poll(async () => (await shown()) === counted(await sum()), { timeout: 15_000 }).toBe(true);
  await expect(tile).toHaveAttribute('data-level', 'none');
  await expect(tile.locator('.level-mark')).toHaveCount(0);
}

test('an agent card turns warn, then critical, with its shape, after the board’s long-not-ready time', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Its own demo, opening on the afternoon so far, where agents take a break after half their calls:
  // many are on one already (at the demo's 6 %, minutes without any happen: the test waited on the dice).
  const server: RunningServer = await startServer({ ...afternoonDay(), DEMO_BREAK_SHARE: '0.5' });
  try {
    await notReadyLimits(page, server);
  } finally {
    await server.dispose();
  }
});

async function notReadyLimits(page: Page, server: RunningServer): Promise<void> {
  const boardUrl = (path: string) => withToken(`${server.url}${path}`);
  const board = { name: 'Agent limits e2e', queues: 'all' as const };
  // 1 s to warn, a critical out of reach: a not-ready agent is at warn from its second second on.
  await putBoard(server, 'e2e-agent-limits', {
    ...board,
    agentThresholds: { notReadySeconds: { warn: 1, critical: 86_400 } },
  });
  await page.goto(boardUrl('/boards/e2e-agent-limits/agents'));
  await page.getByTestId('agent-filter-state').selectOption('notReady');
  // The simulator sets an agent Not Ready after a missed offer or for a break.
  const card = page.locator('[data-testid^="agent-card-"][data-state="notReady"]').first();
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.locator('.time-in-state')).toHaveAttribute('data-level', 'warn', { timeout: 5_000 });
  const warn = await looks(card);
  expect(warn.shape).toBe('▲');
  expect(warn.edge).not.toBe('none');

  await putBoard(server, 'e2e-agent-limits', {
    ...board,
    agentThresholds: { notReadySeconds: { warn: 1, critical: 2 } },
  });
  await page.reload();
  await page.getByTestId('agent-filter-state').selectOption('notReady');
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.locator('.time-in-state')).toHaveAttribute('data-level', 'critical', { timeout: 5_000 });
  const critical = await looks(card);
  expect(critical.shape).toBe('◆');
  expect(critical.edge).not.toBe('none');
  expect(critical.colour).not.toBe(warn.colour);
  expect(critical.edge).not.toBe(warn.edge);

  // Other states have no not-ready limit on this board: no level, no shape, no edge.
  await page.getByTestId('agent-filter-state').selectOption('');
  const other = page.locator('[data-testid^="agent-card-"]:not([data-state="notReady"])').first();
  await expect(other).toBeVisible();
  const none = await looks(other);
  expect(none).toMatchObject({ level: 'none', shape: '', edge: 'none' });

  // A queue's agent rows show the same level: a queue with a not-ready agent, from the state API.
  type Agents = { agents: { state: string }[] | null };
  let queueId = '';
  await expect
    .poll(async () => {
      const q = (await apiState(server)).queues.find((x) =>
        (x as unknown as Agents).agents?.some((a) => a.state === 'notReady'),
      );
      queueId = q?.id ?? '';
      return queueId;
    })
    .not.toBe('');
  await page.goto(boardUrl(`/boards/e2e-agent-limits/queues/${encodeURIComponent(queueId)}`));
  const row = page.locator('[data-testid^="queue-agent-"][data-state="notReady"]').first();
  await expect(row.locator('.time-in-state')).toHaveAttribute('data-level', 'critical', { timeout: 10_000 });
  await expect(row.locator('.time-in-state .level-mark')).toContainText('◆');
}
