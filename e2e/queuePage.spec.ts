import { type ApiState, apiState, expect, screenshotPath, test } from './fixtures';

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
    const row = page.getByTestId(`waiting-caller-${w.sessionId}`);
    if ((await row.count()) === 0) continue; // answered between the two reads
    await expect(row).toHaveAttribute('data-kind', w.kind);
    await expect(row).toContainText(w.caller);
  }
  await page.screenshot({ path: screenshotPath('queue-page'), fullPage: true });
});
