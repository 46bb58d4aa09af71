import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { MAX_PRINT_ROWS } from '../lib/reports/agentPrint';
import { screenshotPath } from './fixtures';
import {
  A4_PRINTABLE_PX,
  agentReportJson,
  earlyMorningZone,
  signIn,
  whenClosed,
  yesterdayIn,
} from './reportsHelpers';
import { type RunningServer, startServer } from './server';

/**
 * Printing the agents report (issue #17, docs/decisions.md "Printing the agent report"), on a server
 * whose journal holds a whole simulated yesterday: the browser's own print (print media emulated) of
 * one page says on paper which rows it holds; "Print report" loads every row of the report in the
 * page's order and then calls the browser's print, whose call this test records (window.print
 * replaced in an init script: Chromium headless has no print dialog); the CSV holds every row.
 * Nothing on the server is stubbed; every figure is compared with the agents API.
 */
const ADMIN = { email: 'print@example.com', password: 'print admin pass' };

let server: RunningServer;
let yesterday: string;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const zone = earlyMorningZone();
  server = await startServer({
    DEMO_DAY: 'yesterday',
    WALLBOARD_TIMEZONE: zone,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  yesterday = yesterdayIn(zone);
  await whenClosed(server, yesterday);
  page = await signIn(browser, server, ADMIN);
  // What was on the page when print was called: the agent rows and the line on paper.
  await page.addInitScript(() => {
    const w = window as unknown as { __prints: { rows: string[]; scope: string }[] };
    w.__prints = [];
    window.print = () => {
      w.__prints.push({
        rows: [...document.querySelectorAll('[data-testid="agent-row"]')].map(
          (r) => `${r.getAttribute('data-period')}|${r.getAttribute('data-agent')}`,
        ),
        scope: document.querySelector('[data-testid="agents-print-scope"]')?.textContent ?? '',
      });
    };
  });
});

test.afterAll(async () => {
  await server?.dispose();
});

const prints = (p: Page) =>
  p.evaluate(() => (window as unknown as { __prints: { rows: string[]; scope: string }[] }).__prints);
const en = (n: number) => new Intl.NumberFormat('en-US').format(n);

test('Ctrl+P on one page: the paper says which rows it holds and where the rest are', async () => {
  const base = `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}&interval=15m`;
  const whole = await agentReportJson(server, base);
  expect(whole.total).toBeGreaterThan(100);
  await page.goto(`${server.url}/reports?range=yesterday&interval=15m`);
  await page.getByRole('tab', { name: 'Agents' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-total', String(whole.total));
  const scope = page.getByTestId('agents-print-scope');
  // On screen the pager says it; the line is for paper only.
  await expect(scope).toBeHidden();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-offset', '50');
  await page.emulateMedia({ media: 'print' });
  try {
    await expect(page.getByTestId('agents-pager')).toBeHidden();
    await expect(page.getByTestId('agents-print')).toBeHidden();
    await expect(scope).toBeVisible();
    await expect(scope).toHaveText(`Rows 51–100 of ${en(whole.total)} — use Print report for all`);
    await expect(page.getByTestId('agent-row')).toHaveCount(50);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  // A simulated day by quarter hours is more than Print report prints: it says so, and what instead.
  expect(whole.total).toBeGreaterThan(MAX_PRINT_ROWS);
  await expect(page.getByRole('button', { name: 'Print report' })).toBeDisabled();
  await expect(page.getByTestId('agents-print-refusal')).toHaveText(
    `Print report prints at most ${en(MAX_PRINT_ROWS)} rows; this report has ${en(whole.total)}. ` +
      'Narrow the range, pick agents or a coarser granularity, or download the CSV (every row).',
  );
});

test('Print report: every row of the report, in the page’s order, then the browser’s print', async () => {
  const base = `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}&interval=hour`;
  await page.goto(`${server.url}/reports?range=yesterday&interval=hour`);
  await page.getByRole('tab', { name: 'Agents' }).click();
  await page.getByRole('button', { name: 'Answered' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-sort', 'answered desc');
  const whole = await agentReportJson(server, `${base}&sort=answered&dir=desc`);
  // By the hour, the day is several pages and within what Print report prints.
  expect(whole.total).toBeGreaterThan(100);
  expect(whole.total).toBeLessThanOrEqual(MAX_PRINT_ROWS);
  expect(await prints(page)).toEqual([]);
  await page.getByRole('button', { name: 'Print report' }).click();
  await expect.poll(async () => (await prints(page)).length).toBe(1);
  const [printed] = await prints(page);
  expect(printed?.rows).toEqual(whole.rows.map((r) => `${r.period}|${r.agent}`));
  expect(printed?.scope).toBe(`All ${en(whole.total)} rows of the report`);
  // Until "Back to pages" (or the browser's afterprint) the page shows every row, and prints them.
  await expect(page.getByTestId('agents-print-all')).toContainText(`Showing all ${en(whole.total)} rows`);
  await expect(page.getByTestId('agent-row')).toHaveCount(whole.total);
  await expect(page.getByTestId('agents-total').locator('[data-figure="answered"]')).toHaveAttribute(
    'data-value',
    String(whole.totals.answered),
  );
  await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1100 });
  await page.emulateMedia({ media: 'print' });
  try {
    await expect(page.getByTestId('agents-print-scope')).toHaveText(
      `All ${en(whole.total)} rows of the report`,
    );
    await expect(page.getByTestId('agent-row')).toHaveCount(whole.total);
    const box = await page.getByTestId('agents-table').evaluate((t) => ({
      width: t.getBoundingClientRect().width,
      scroll: document.documentElement.scrollWidth,
    }));
    expect(box.width).toBeLessThanOrEqual(A4_PRINTABLE_PX);
    expect(box.scroll).toBeLessThanOrEqual(A4_PRINTABLE_PX);
    await page.screenshot({ path: screenshotPath('reports-agents-print') });
  } finally {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  // The browser's afterprint brings the page back, as "Back to pages" does.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(page.getByTestId('agent-row')).toHaveCount(50);
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-offset', '0');
  await page.getByRole('button', { name: 'Print report' }).click();
  await expect.poll(async () => (await prints(page)).length).toBe(2);
  await page.getByRole('button', { name: 'Back to pages' }).click();
  await expect(page.getByTestId('agent-row')).toHaveCount(50);
  // Another order drops the rows loaded for the last one: its first page, not a stale whole report.
  await page.getByRole('button', { name: 'Print report' }).click();
  await expect.poll(async () => (await prints(page)).length).toBe(3);
  await page.getByRole('button', { name: 'Answered' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-sort', 'answered asc');
  await expect(page.getByTestId('agents-print-all')).toBeHidden();
  await expect(page.getByTestId('agent-row')).toHaveCount(50);
  await page.getByRole('button', { name: 'Answered' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-sort', 'answered desc');
  await expect(page.getByTestId('agents-print-all')).toBeHidden();
  await expect(page.getByTestId('agent-row')).toHaveCount(50);
});

test('on page 2, the CSV still holds every row of the report, in its order', async () => {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-offset', '50');
  const whole = await agentReportJson(
    server,
    `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}&interval=hour&sort=answered&dir=desc`,
  );
  const csv = page.getByTestId('csv-agents');
  const href = new URL((await csv.getAttribute('href')) ?? '', server.url);
  expect(href.searchParams.has('limit')).toBe(false);
  expect(href.searchParams.has('offset')).toBe(false);
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  const records = parse(readFileSync(await download.path()), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  expect(records.map((r) => `${r.period}|${r.agent}`)).toEqual(
    whole.rows.map((r) => `${r.period}|${r.agent}`),
  );
});
