import type { Page } from '@playwright/test';
import { voipstudioSample } from '../lib/sources/voipstudio/sample';
import { apiState, test as base, expect, putBoard, withToken } from './fixtures';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * Freshness on the glass (docs/metrics.md, issue #14 item 8): a webhook source that goes quiet is a real
 * stalled source (nothing arrives, nothing is faked in the product); once its last proof of life is over
 * 2 minutes old, the figures it feeds say their age in small type on the supervisor board and on the
 * kiosk, and the note goes as soon as the source delivers again. Its own server: the wait is real time.
 */
const test = base.extend<{ own: RunningServer }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured.
  own: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.dispose();
  },
});

const SOURCE = 'quiet-voip';
const json = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

/** A VoIPstudio queue call as that PBX posts it (the settings' test sample, seed 004's shape), stamped now. */
function queueCall(callId: number) {
  return {
    ...voipstudioSample(Date.now()),
    id: `ev-${callId}`,
    call_id: callId,
    src_name: 'Caller',
    src_hash: undefined,
    dst: '700',
    dst_name: 'Quiet Queue',
  };
}

async function deliver(server: RunningServer, secret: string, callId: number): Promise<void> {
  const res = await fetch(`${server.url}/api/webhooks/voipstudio/${encodeURIComponent(secret)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(queueCall(callId)),
  });
  expect(res.status).toBe(200);
}

/**
 * The age note inside an element: its text, or null when there is none. One read that never waits:
 * a count() then a textContent() would wait without end for a note that went between the two (the
 * very moment this test waits for), and the poll would time out with the note long gone.
 */
async function ageNote(page: Page, testId: string): Promise<string | null> {
  const texts = await page.getByTestId(testId).getByTestId('proof-age').allTextContents();
  return texts[0]?.trim() ?? null;
}

test('a figure fed by a source quiet for over 2 minutes says its age on the board and the kiosk, until it delivers again', async ({
  browser,
  own: server,
}) => {
  test.setTimeout(240_000);
  const created = await fetch(`${server.url}/api/v1/webhook-sources`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ id: SOURCE, name: 'Quiet VoIPstudio', kind: 'voipstudio' }),
  });
  expect(created.status).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  // Its last proof of life: this delivery's time (one PBX timestamp, put on the server's clock).
  const deliveredAt = Date.now();
  await deliver(server, secret, 900001);
  let queue = '';
  await expect
    .poll(
      async () => {
        queue = (await apiState(server)).queues.find((q) => q.id.startsWith(`${SOURCE}/`))?.id ?? '';
        return queue;
      },
      { timeout: 15_000 },
    )
    .not.toBe('');
  await putBoard(server, 'quiet', { name: 'Quiet source', queues: [queue] });

  const board = await browser.newPage();
  await board.goto(withToken(`${server.url}/boards/quiet`));
  const kiosk = await browser.newPage();
  await kiosk.setViewportSize({ width: 1920, height: 1080 });
  await kiosk.goto(withToken(`${server.url}/kiosk/quiet`));
  const row = `queue-row-${queue}`;
  await expect(board.getByTestId(row)).toBeVisible();
  await expect(kiosk.getByTestId('tile-offered')).toBeVisible();

  // Fresh: no age anywhere.
  expect(await ageNote(board, row)).toBeNull();
  expect(await ageNote(board, 'tile-offered')).toBeNull();
  expect(await ageNote(kiosk, 'tile-offered')).toBeNull();

  // The source goes quiet. Past 2 minutes its figures say how old they are; the demo's own sources,
  // still live, keep theirs clean (the board holds only the quiet queue, so every tile is its).
  await expect.poll(() => ageNote(board, row), { timeout: 150_000, intervals: [2_000] }).toBe('· 2 min old');
  expect(Date.now() - deliveredAt).toBeGreaterThan(120_000);
  await expect.poll(() => ageNote(board, 'tile-offered'), { timeout: 5_000 }).toBe('· 2 min old');
  await expect.poll(() => ageNote(kiosk, 'tile-offered'), { timeout: 5_000 }).toBe('· 2 min old');
  const note = kiosk.getByTestId('tile-offered').getByTestId('proof-age');
  // Small type: smaller than the figure it qualifies.
  const sizes = await kiosk.getByTestId('tile-offered').evaluate((tile) => {
    const age = tile.querySelector('[data-testid="proof-age"]');
    const value = tile.querySelector('.tile-value');
    return [age, value].map((el) => (el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0));
  });
  expect(sizes[0]).toBeGreaterThan(0);
  expect(sizes[0]).toBeLessThan(sizes[1] ?? 0);
  await expect(note).toBeVisible();

  // It delivers again: the note goes, on both screens.
  await deliver(server, secret, 900002);
  await expect.poll(() => ageNote(board, row), { timeout: 30_000 }).toBeNull();
  await expect.poll(() => ageNote(board, 'tile-offered'), { timeout: 10_000 }).toBeNull();
  await expect.poll(() => ageNote(kiosk, 'tile-offered'), { timeout: 10_000 }).toBeNull();
});
