import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { addDays } from '../lib/reports/ranges';
import { screenshotPath } from './fixtures';
import {
  A4_PRINTABLE_PX,
  type ApiRow,
  agentReportJson,
  earlyMorningZone,
  reportJson,
  signIn,
  whenClosed,
  yesterdayIn,
} from './reportsHelpers';
import { type RunningServer, startServer } from './server';

/**
 * The reports page (issue #17) on a server whose journal holds a whole simulated yesterday
 * (DEMO_DAY=yesterday, closed into history as it starts): the page shows what the API says, the
 * CSV download parses back to the API's rows, the report fits an A4 page in print, and an admin
 * recounts a closed day from Settings → General. Every number is compared with the API, none typed in.
 */
const ADMIN = { email: 'reports@example.com', password: 'reports admin pass' };
const FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
];

let server: RunningServer;
let zone: string;
let yesterday: string;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  zone = earlyMorningZone();
  server = await startServer({
    DEMO_DAY: 'yesterday',
    WALLBOARD_TIMEZONE: zone,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });
  yesterday = yesterdayIn(zone);
  await whenClosed(server, yesterday);
  page = await signIn(browser, server, ADMIN);
});

test.afterAll(async () => {
  await server?.dispose();
});

const num = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? null : Number(v);

test('yesterday: the table, totals and charts show the API’s rows', async () => {
  const { rows } = await reportJson(
    server,
    `/api/v1/reports/queues?from=${yesterday}&to=${yesterday}&interval=hour`,
  );
  expect(rows.length).toBeGreaterThan(20);

  await page.getByTestId('account-nav').getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(`${server.url}/reports`);
  await page.getByRole('radio', { name: 'Yesterday' }).check();
  // Finer than the API allows for a month is refused before asking: disabled, with the reason.
  await page.getByRole('radio', { name: 'Last month' }).check();
  await expect(page.getByRole('radio', { name: /15 minutes/ })).toBeDisabled();
  await expect(page.getByText(/at most 7 days; this range has \d+/)).toBeVisible();
  await page.getByRole('radio', { name: 'Yesterday' }).check();
  // One day reads per hour by default; chosen, it is in the page's address.
  await page.getByRole('radio', { name: 'Day', exact: true }).check();
  await page.getByRole('radio', { name: 'Hour', exact: true }).check();
  await expect(page).toHaveURL(/range=yesterday&interval=hour/);

  const shown = page.getByTestId('report-row');
  await expect(shown).toHaveCount(rows.length);
  for (const [i, row] of rows.entries()) {
    const tr = shown.nth(i);
    await expect(tr).toHaveAttribute('data-period', String(row.period));
    await expect(tr).toHaveAttribute('data-queue', String(row.queue));
    const values = await tr
      .locator('[data-figure]')
      .evaluateAll((cells) =>
        cells.map((c) => [c.getAttribute('data-figure'), c.getAttribute('data-value')]),
      );
    expect(Object.fromEntries(values.map(([k, v]) => [k, num(v)]))).toEqual(
      Object.fromEntries(FIGURES.map((k) => [k, num(row[k])])),
    );
  }
  // Totals: the counters added up (ratios of sums are unit-tested in lib/reports).
  const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k]), 0);
  for (const k of ['offered', 'answered', 'abandoned'])
    await expect(page.getByTestId(`total-${k}`).locator('td').first()).toHaveAttribute(
      'data-value',
      String(sum(k)),
    );
  // One chart per figure, drawn; the calls charts say the day's total.
  for (const k of FIGURES)
    await expect(page.getByTestId(`report-chart-${k}`).locator('svg.recharts-surface')).toBeVisible();
  await expect(page.getByTestId('report-chart-offered').locator('.sr-only')).toContainText(
    new Intl.NumberFormat('en-US').format(sum('offered')),
  );
  await page.screenshot({ path: screenshotPath('reports'), fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});

test('the CSV download is the API’s rows', async () => {
  const json = (
    await reportJson(server, `/api/v1/reports/queues?from=${yesterday}&to=${yesterday}&interval=hour`)
  ).rows;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('csv-queues').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`queues-${yesterday}-${yesterday}-hour.csv`);
  const records = parse(readFileSync(await download.path()), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  expect(records.length).toBe(json.length);
  const columns = Object.keys(records[0] ?? {});
  expect(columns.slice(0, 3)).toEqual(['period', 'queue', 'offered']);
  records.forEach((rec, i) => {
    const row = json[i] as ApiRow;
    for (const c of columns) expect(rec[c], `${i}.${c}`).toBe(row[c] === null ? '' : String(row[c]));
  });
});

test('today against yesterday: the previous column is yesterday’s totals', async () => {
  const { rows } = await reportJson(
    server,
    `/api/v1/reports/queues?from=${yesterday}&to=${yesterday}&interval=hour`,
  );
  await page.getByRole('radio', { name: 'Today' }).check();
  const offered = page.getByTestId('total-offered').locator('td').nth(1);
  await expect(offered).toHaveAttribute(
    'data-value',
    String(rows.reduce((n, r) => n + Number(r.offered), 0)),
  );
  await page.getByRole('radio', { name: 'Yesterday' }).check();
});

test('printed, the report fits an A4 page: no nav, no controls, no column cut', async () => {
  await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1100 });
  await page.emulateMedia({ media: 'print' });
  try {
    await expect(page.getByTestId('account-nav')).toBeHidden();
    await expect(page.getByRole('form', { name: 'Report' })).toBeHidden();
    await expect(page.getByTestId('csv-queues')).toBeHidden();
    for (const id of ['report-table', 'report-totals']) {
      const box = await page.getByTestId(id).evaluate((t) => {
        const cells = [...t.querySelectorAll('th, td')];
        return {
          width: t.getBoundingClientRect().width,
          right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
          scroll: document.documentElement.scrollWidth,
        };
      });
      expect(box.width, id).toBeLessThanOrEqual(A4_PRINTABLE_PX);
      expect(box.right, id).toBeLessThanOrEqual(A4_PRINTABLE_PX);
      expect(box.scroll, id).toBeLessThanOrEqual(A4_PRINTABLE_PX);
    }
    await page.screenshot({ path: screenshotPath('reports-print'), fullPage: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 720 });
  }
});

test('per agent: yesterday’s rows are the agents API’s, sortable by answered', async () => {
  const api = await reportJson(server, `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}`);
  expect(api.status).toBe(200);
  expect(api.rows.length).toBeGreaterThan(0);
  // A day's agents fit one page of 200 (the table shows one page: the server sorts and pages).
  expect(api.rows.length).toBeLessThanOrEqual(200);
  await page.getByRole('tab', { name: 'Agents' }).click();
  // The agents tab reads the page's granularity: days here, as the API's default.
  await page.getByRole('radio', { name: 'Day', exact: true }).check();
  await page.getByLabel('Rows per page').selectOption('200');
  await expect(page.getByTestId('agent-row')).toHaveCount(api.rows.length);
  await page.getByRole('button', { name: 'Answered' }).click();
  await expect(page.getByTestId('agents-page-status')).toHaveAttribute('data-sort', 'answered desc');
  const shown = await page
    .getByTestId('agent-row')
    .locator('[data-figure="answered"]')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  expect(shown).toEqual([...shown].sort((a, b) => b - a));
  const answered = (api.rows as { answered: number }[]).map((r) => r.answered);
  expect(shown).toEqual([...answered].sort((a, b) => b - a));
  // Picking one agent: the table holds that agent's rows (the API's with `agents=`), the address and
  // the CSV link carry the choice; "Show every agent" brings the others back.
  const one = (api.rows as { agent: string }[])[0]?.agent ?? '';
  const picked = await reportJson(
    server,
    `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}&agents=${encodeURIComponent(one)}`,
  );
  expect(picked.rows.length).toBeGreaterThan(0);
  await page.getByTestId('agent-picker').locator(`input[data-agent="${one}"]`).check();
  await expect(page.getByTestId('agent-row')).toHaveCount(picked.rows.length);
  for (const agent of await page
    .getByTestId('agent-row')
    .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-agent'))))
    expect(agent).toBe(one);
  expect(new URL(page.url()).searchParams.get('agents')).toBe(one);
  expect(
    new URL((await page.getByTestId('csv-agents').getAttribute('href')) ?? '', server.url).searchParams.get(
      'agents',
    ),
  ).toBe(one);
  await page.getByRole('button', { name: 'Show every agent' }).click();
  await expect(page.getByTestId('agent-row')).toHaveCount(api.rows.length);
  await page.getByRole('tab', { name: 'Queues' }).click();
});

test('per agent, 15 minutes: a page at a time, sorted by the server; totals of the whole day; state times unknown; the CSV every row', async () => {
  const base = `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}&interval=15m`;
  const whole = await agentReportJson(server, base);
  const days = await agentReportJson(server, `/api/v1/reports/agents?from=${yesterday}&to=${yesterday}`);
  // A simulated day's agents answer in many quarters: more rows than agent days and than two pages.
  expect(whole.total).toBeGreaterThan(Math.max(days.total, 50));
  await page.goto(`${server.url}/reports?range=yesterday&interval=15m`);
  await page.getByRole('tab', { name: 'Agents' }).click();
  await page.getByLabel('Rows per page').selectOption('25');
  const status = page.getByTestId('agents-page-status');
  const rows = page.getByTestId('agent-row');
  /** The table is the API's page: the same rows in the same order, the same figures, states unknown. */
  const showsPage = async (query: string, sort: string, offset: number) => {
    await expect(status).toHaveAttribute('data-sort', sort);
    await expect(status).toHaveAttribute('data-offset', String(offset));
    await expect(status).toHaveAttribute('data-total', String(whole.total));
    const api = await agentReportJson(server, `${base}&${query}&offset=${offset}&limit=25`);
    await expect(rows).toHaveCount(api.rows.length);
    const shown = await rows.evaluateAll((rs) =>
      rs.map((r) => ({
        key: `${r.getAttribute('data-period')}|${r.getAttribute('data-agent')}`,
        cells: Object.fromEntries(
          [...r.querySelectorAll('[data-figure]')].map((c) => [
            c.getAttribute('data-figure'),
            [c.getAttribute('data-value'), c.textContent],
          ]),
        ) as Record<string, [string, string]>,
      })),
    );
    expect(shown.map((s) => s.key)).toEqual(api.rows.map((r) => `${r.period}|${r.agent}`));
    shown.forEach(({ key, cells }, i) => {
      const row = api.rows[i] as ApiRow;
      for (const k of ['answered', 'missed', 'talkSeconds', 'longestTalkSeconds', 'ahtSeconds'])
        expect(num(cells[k]?.[0]), `${key} ${k}`).toBe(num(row[k]));
      // Not kept per quarter: unknown (null, "—"), never 0.
      for (const k of ['readyMs', 'notReadyMs', 'loggedInMs']) {
        expect(row[k], `${key} ${k}`).toBeNull();
        expect(cells[k], `${key} ${k}`).toEqual(['', '—']);
      }
    });
  };
  await showsPage('sort=period&dir=asc', 'period asc', 0);
  await expect(status).toContainText(`Rows 1–25 of ${new Intl.NumberFormat('en-US').format(whole.total)}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await showsPage('sort=period&dir=asc', 'period asc', 25);
  // A header click asks the server for that order, from the first page.
  await page.getByRole('button', { name: 'Answered' }).click();
  await showsPage('sort=answered&dir=desc', 'answered desc', 0);
  await page.getByRole('button', { name: 'Next' }).click();
  await showsPage('sort=answered&dir=desc', 'answered desc', 25);
  // The footer is the whole day's, not the page's.
  const sum = (k: string) => whole.rows.reduce((n, r) => n + Number(r[k]), 0);
  const total = page.getByTestId('agents-total');
  await expect(total.locator('[data-figure="answered"]')).toHaveAttribute(
    'data-value',
    String(sum('answered')),
  );
  await expect(total.locator('[data-figure="talkSeconds"]')).toHaveAttribute(
    'data-value',
    String(sum('talkSeconds')),
  );
  await expect(total.locator('[data-figure="loggedInMs"]')).toHaveAttribute('data-value', '');
  await expect(page.getByTestId('agents-states-unknown')).toBeVisible();
  // The CSV link asks for the same interval and order, and no page: every row.
  const csv = page.getByTestId('csv-agents');
  const href = new URL((await csv.getAttribute('href')) ?? '', server.url);
  expect(href.searchParams.get('interval')).toBe('15m');
  expect(href.searchParams.get('sort')).toBe('answered');
  expect(href.searchParams.has('limit')).toBe(false);
  const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
  expect(download.suggestedFilename()).toBe(`agents-${yesterday}-${yesterday}-15m.csv`);
  const records = parse(readFileSync(await download.path()), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  expect(records.length).toBe(whole.total);
  await page.getByRole('tab', { name: 'Queues' }).click();
});

test('Settings → General: an admin recounts yesterday; today is refused with the server’s reason', async () => {
  const before = await reportJson(
    server,
    `/api/v1/reports/queues?from=${yesterday}&to=${yesterday}&interval=day`,
  );
  await page.goto(`${server.url}/settings/general`);
  const form = page.getByRole('form', { name: 'Recount a day' });
  await form.getByLabel('Day').fill(yesterday);
  await form.getByRole('button', { name: 'Recount' }).click();
  await expect(page.getByTestId('recount-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('recount-result')).toContainText(
    new RegExp(`Recounted ${yesterday}: \\d+ queues?`),
  );
  // Same settings, same journal: the same history.
  expect(
    (await reportJson(server, `/api/v1/reports/queues?from=${yesterday}&to=${yesterday}&interval=day`)).rows,
  ).toEqual(before.rows);
  await form.getByLabel('Day').fill(addDays(yesterday, 1));
  await form.getByRole('button', { name: 'Recount' }).click();
  await expect(page.getByTestId('recount-result')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('recount-result')).toContainText(
    /Not recounted \(409\): .* has not closed yet/,
  );
});

test('signed out, /reports asks to sign in and shows nothing else', async ({ browser }) => {
  const other = await (await browser.newContext()).newPage();
  await other.goto(`${server.url}/reports`);
  await expect(other.getByTestId('sign-in-needed')).toBeVisible();
  await expect(other.getByTestId('report-table')).toHaveCount(0);
  await other.context().close();
});
