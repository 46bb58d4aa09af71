import type { Browser, Page } from '@playwright/test';
import { apiState, expect, putBoard, test, tileNumber } from './fixtures';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * A board's service-level formula decides its SL tile: after each switch the tile shows what the state
 * API's counters give under that formula (docs/metrics.md), and prints that formula.
 */
type Counters = {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  overflowed: number;
  answeredWithinSla: number;
};

// The oracle, written from docs/metrics.md's table rather than imported from the code under test.
const DENOMINATOR: Record<string, (c: Counters) => number> = {
  excludeShortAbandons: (c) => c.answered + c.abandoned - c.shortAbandoned + c.overflowed,
  abandonsCountAgainst: (c) => c.answered + c.abandoned + c.overflowed,
  answeredOnly: (c) => c.answered,
  allOffered: (c) => c.offered,
};

async function queueCounters(server: RunningServer): Promise<Map<string, Counters>> {
  const state = await apiState(server);
  return new Map(state.queues.map((q) => [q.id, q.today as unknown as Counters]));
}

async function boardCounters(server: RunningServer): Promise<Counters> {
  const sum: Counters = {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    overflowed: 0,
    answeredWithinSla: 0,
  };
  for (const today of (await queueCounters(server)).values())
    for (const k of Object.keys(sum) as (keyof Counters)[]) sum[k] += today[k];
  return sum;
}

/** The SL tile's number as the formula gives it from the API's counters, rounded like the tile. */
const shownUnder = (formula: string, c: Counters): number | null => {
  const d = DENOMINATOR[formula]?.(c) ?? 0;
  return d > 0 ? Math.round((c.answeredWithinSla / d) * 100) : null;
};

test('switching a board’s formula changes its service-level tile to that formula’s value', async ({
  page,
  server,
  boardUrl,
}) => {
  const board = { name: 'Formula e2e', queues: 'all' as const, tiles: ['serviceLevel', 'offered'] };
  const tile = page.getByTestId('tile-serviceLevel');

  // Answered only and all offered part whenever a caller is not (yet) answered: the switch between
  // them is checked at such a moment (below), or it would prove nothing.
  test.setTimeout(120_000);
  for (const formula of ['answeredOnly', 'allOffered', 'abandonsCountAgainst', 'excludeShortAbandons']) {
    await putBoard(server, 'e2e-formula', { ...board, serviceLevelFormula: formula });
    if (page.url().includes('/boards/e2e-formula')) await page.reload();
    else await page.goto(boardUrl('/boards/e2e-formula'));
    await expect(tile.locator('[data-formula]')).toHaveAttribute('data-formula', formula);
    // Live figures move on; the tile and the API agree once both show the same moment. After the
    // switch away from answered-only, that moment must also be one where answered-only would show
    // another value (compared at one moment: values read at two moments could agree by chance).
    await expect
      .poll(
        async () => {
          const shown = await tileNumber(page, 'serviceLevel');
          const counters = await boardCounters(server);
          if (shown !== shownUnder(formula, counters)) return false;
          return formula !== 'allOffered' || shown !== shownUnder('answeredOnly', counters);
        },
        { timeout: formula === 'allOffered' ? 60_000 : 15_000, message: formula },
      )
      .toBe(true);
    // Each queue's row too (its own counters, the board's formula).
    await expect
      .poll(
        async () => {
          const rows: (number | null)[] = [];
          const want: (number | null)[] = [];
          for (const [id, c] of await queueCounters(server)) {
            const text = await page
              .getByTestId(`queue-row-${id}`)
              .locator('[data-figure="serviceLevel"] .cell-value')
              .textContent();
            const digits = (text ?? '').replace(/[^\d]/g, '');
            rows.push(digits === '' ? null : Number(digits));
            want.push(shownUnder(formula, c));
          }
          return JSON.stringify(rows) === JSON.stringify(want);
        },
        { timeout: 15_000, message: `${formula} rows` },
      )
      .toBe(true);
  }
  await expect(tile).toContainText(
    'answered within SLA ÷ (answered + abandoned − short abandoned + overflowed)',
  );
});

const ADMIN = { email: 'admin@example.com', password: 'formula admin pass' };
const SUPERVISOR = { email: 'sup@example.com', password: 'formula supervisor pass' };

async function signIn(browser: Browser, server: RunningServer, who: typeof ADMIN): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/login?next=/settings/boards`);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/boards$/);
  return page;
}

async function asApi(server: RunningServer, path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  return res.json();
}

test('the board editor: admins pick the formula; supervisors only thresholds and queue seconds', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    await expect.poll(async () => (await apiState(server)).queues.length).toBeGreaterThan(0);
    const [queue] = (await apiState(server)).queues;
    if (!queue) throw new Error('the demo has queues');
    const sla = (page: Page) => page.getByLabel(`(${queue.id}) SLA seconds`, { exact: false }).first();

    // The admin picks a formula; the board is saved with it.
    const admin = await signIn(browser, server, ADMIN);
    await admin.getByTestId('board-all-queues').getByRole('button', { name: 'Edit' }).click();
    const form = admin.getByRole('form', { name: 'Edit board All queues' });
    await form.getByLabel('Service level formula').selectOption('answeredOnly');
    await expect(form).toContainText('answered within SLA ÷ answered');
    await form.getByRole('button', { name: 'Save board' }).click();
    await expect(form).toHaveCount(0);
    expect((await asApi(server, '/api/v1/boards/all-queues')).board.serviceLevelFormula).toBe('answeredOnly');

    // Agents' time-in-state limits and the abandon rate's reading: a reversed limit is refused at its
    // field in plain words (the shared schema), a right one is saved with the counting choice.
    await admin.getByTestId('board-all-queues').getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('Long not ready warn').fill('600');
    await form.getByLabel('Long not ready critical').fill('300');
    await form.getByLabel('Abandon rate counting').selectOption('exclude');
    await form.getByRole('button', { name: 'Save board' }).click();
    await expect(form.getByTestId('error-agentThresholds.notReadySeconds.critical')).toHaveText(
      'Critical time must be longer than the warn time',
    );
    await form.getByLabel('Long not ready critical').fill('1200');
    await form.getByLabel('Abandon rate: level from (calls)').fill('25');
    await form.getByRole('button', { name: 'Save board' }).click();
    await expect(form).toHaveCount(0);
    expect((await asApi(server, '/api/v1/boards/all-queues')).board).toMatchObject({
      agentThresholds: { notReadySeconds: { warn: 600, critical: 1200 } },
      abandonRate: { countShortAbandons: false, minCalls: 25 },
    });

    // A queue's SLA seconds, saved apart: the default until the queue gets its own.
    await admin.getByTestId('board-all-queues').getByRole('button', { name: 'Edit' }).click();
    const counting = admin.getByRole('form', { name: 'Queue counting settings' });
    await expect(sla(admin)).toBeDisabled();
    await expect(sla(admin)).toHaveValue('20');
    await counting.getByLabel(`(${queue.id}) SLA seconds: use the default`).uncheck();
    await sla(admin).fill('30');
    await counting.getByRole('button', { name: 'Save queue counting' }).click();
    await expect(counting.getByTestId('queue-counting-saved')).toHaveText('Saved 1 queue');
    expect((await asApi(server, '/api/v1/settings/general')).settings.queues[queue.id]).toEqual({
      slaSeconds: 30,
    });
    // The server's refusal is shown, not swallowed.
    await sla(admin).fill('99999');
    await counting.getByRole('button', { name: 'Save queue counting' }).click();
    await expect(counting.getByTestId('queue-counting-error')).toContainText('SLA must be at most 3600 s');

    // A supervisor sees what is theirs to change: thresholds and queue seconds, the rest locked.
    const created = await admin.request.post(`${server.url}/api/v1/users`, {
      headers: { origin: server.url },
      data: { ...SUPERVISOR, role: 'supervisor' },
    });
    expect(created.status()).toBe(201);
    const sup = await signIn(browser, server, SUPERVISOR);
    await sup.getByTestId('board-all-queues').getByRole('button', { name: 'Edit' }).click();
    const supForm = sup.getByRole('form', { name: 'Edit board All queues' });
    await expect(sup.getByTestId('supervisor-note')).toBeVisible();
    await expect(supForm.getByLabel('Service level formula')).toBeDisabled();
    await expect(supForm.getByLabel('Name', { exact: true })).toBeDisabled();
    await expect(supForm.getByLabel('Waiting now warn')).toBeEnabled();
    await expect(supForm.getByLabel('Abandon rate counting')).toBeDisabled();
    await expect(supForm.getByLabel('Long call warn')).toBeEnabled();
    await expect(supForm.getByLabel('Abandon rate: level from (calls)')).toBeEnabled();
    await expect(sla(sup)).toHaveValue('30');
    await sup.getByLabel(`(${queue.id}) SLA seconds: use the default`).check();
    await sup
      .getByRole('form', { name: 'Queue counting settings' })
      .getByRole('button', { name: 'Save queue counting' })
      .click();
    await expect(sup.getByTestId('queue-counting-saved')).toHaveText('Saved 1 queue');
    expect((await asApi(server, '/api/v1/settings/general')).settings.queues[queue.id] ?? {}).toEqual({});
  } finally {
    await server.dispose();
  }
});
