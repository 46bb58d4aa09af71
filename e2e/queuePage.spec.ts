import { type ApiState, apiState, expect, screenshotPath, test, withToken } from './fixtures';
import { startServer } from './server';

function queueWithCallers(state: ApiState) {
  return state.queues.find((q) => (q.waiting?.length ?? 0) > 0) ?? null;
}

test('a queue page shows exactly the waiting callers of the state API', async ({
  page,
  server,
  boardUrl,
}) => {
  // Callers come and go: wait for a queue with someone waiting, then compare page and API together.
  let queue: ReturnType<typeof queueWithCallers> = null;
  await expect
    .poll(
      async () => {
        queue = queueWithCallers(await apiState(server));
        return queue !== null;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
  const id = (queue as unknown as { id: string }).id;
  await page.goto(boardUrl(`/boards/all-queues/queues/${encodeURIComponent(id)}`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await expect
    .poll(
      async () => {
        const shown = await page
          .locator('[data-testid^="waiting-caller-"]')
          .evaluateAll((rows) =>
            rows.map((r) => r.getAttribute('data-testid')?.slice('waiting-caller-'.length)),
          );
        const api = (await apiState(server)).queues.find((q) => q.id === id);
        const expected = (api?.waiting ?? []).map((w) => w.sessionId);
        return JSON.stringify(shown.sort()) === JSON.stringify(expected.sort()) && expected.length > 0;
      },
      { timeout: 60_000, intervals: [250] },
    )
    .toBe(true);

  // Each shown caller carries the API's number and kind.
  const api = (await apiState(server)).queues.find((q) => q.id === id);
  for (const w of api?.waiting ?? []) {
    // One read: a caller answered between the API's read and this one is simply gone (a count()
    // then an assertion would wait for a row that left between the two).
    const [shown] = await page
      .getByTestId(`waiting-caller-${w.sessionId}`)
      .evaluateAll((rows) =>
        rows.map((r) => ({ kind: r.getAttribute('data-kind'), text: r.textContent ?? '' })),
      );
    if (!shown) continue;
    expect(shown.kind).toBe(w.kind);
    expect(shown.text).toContain(w.caller);
  }
  await page.screenshot({ path: screenshotPath('queue-page'), fullPage: true });
});

test('the service-level chart draws a dot for a bucket without neighbours (a lone bucket is not blank)', async ({
  page,
}) => {
  // A fresh server: today has only the buckets since it started, so the newest one stands alone.
  const server = await startServer();
  try {
    let id = '';
    await expect
      .poll(
        async () => {
          const q = (await apiState(server)).queues.find((q) => q.today.answered > 0);
          id = q?.id ?? '';
          return id !== '';
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(true);
    await page.goto(withToken(`${server.url}/boards/all-queues/queues/${encodeURIComponent(id)}`));
    const chart = page.getByTestId('chart-service');
    await expect(chart).toBeVisible();
    // The chart's own data (its "Show data" table): the buckets with a service level, and which of
    // them have no neighbour with one, so no line reaches them.
    const lone = async () =>
      page
        .getByTestId('chart-volume')
        .locator('tbody tr')
        .evaluateAll((rows) => {
          const known = rows.map((r) => (r.querySelectorAll('td')[3]?.textContent ?? '—') !== '—');
          return known.filter((k, i) => k && !known[i - 1] && !known[i + 1]).length;
        });
    await expect.poll(lone, { timeout: 30_000 }).toBeGreaterThan(0);
    // One dot per lone bucket (and none on buckets a line already draws).
    await expect
      .poll(async () => {
        const dots = await chart.locator('[data-series="serviceLevel"][data-lone]').count();
        return dots > 0 && dots === (await lone());
      })
      .toBe(true);
    const dot = chart.locator('[data-series="serviceLevel"][data-lone]').first();
    const box = await dot.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(6);
  } finally {
    await server.dispose();
  }
});
