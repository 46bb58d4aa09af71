import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GapView } from '../../lib/domain/gapsView';
import { getJson, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { type ServerProcess, spawnServer } from '../testing/serverProcess';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * Issue #14 item 5: while the server was stopped no source's facts arrived. The restarted server says
 * so on every queue its configured sources feed ("server stopped"), journaled, until the day rolls.
 */
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change

interface StateView {
  queues: { id: string; today: { offered: number }; gaps?: GapView[] }[];
}

const apps: TestCallboard[] = [];
const children: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
  for (const app of apps.splice(0)) await app.close({ remove: true });
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function post(url: string, body: string): Promise<void> {
  const res = await fetch(`${url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

async function queues(url: string, app?: TestCallboard): Promise<StateView['queues']> {
  app?.hub.flush();
  return (await getJson<StateView>(url, '/api/v1/state')).queues;
}

describe('a "server stopped" gap', () => {
  it('runs from a clean stop to the restart, on the source’s queues, and survives a second restart', async () => {
    let clock = DAY + 9 * 3600_000;
    const first = await startTestCallboard({ now: () => clock });
    for (const p of voipstudioCall(1, 'answered', DAY + 9 * 3600_000)) {
      clock = p.at + 1000;
      await post(first.url, p.body);
    }
    expect((await queues(first.url, first))[0]?.gaps).toBeUndefined();
    clock = DAY + 9 * 3600_000 + 10 * 60_000; // a quiet 8 minutes, then a clean stop at 09:10
    const stoppedAt = clock;
    await first.close();

    clock = DAY + 9 * 3600_000 + 25 * 60_000; // started again at 09:25
    const second = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
    apps.push(second);
    const gap = { source: 'voipstudio', from: stoppedAt, to: clock, reason: 'serverStopped' };
    const [queue] = await queues(second.url, second);
    expect(queue?.gaps).toEqual([gap]);
    expect(queue?.today.offered).toBe(1); // the figures before the stop are still there

    // Journaled: a restart a minute later shows that gap and a new one of a minute.
    await second.close();
    clock += 60_000;
    const third = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
    apps.push(third);
    const restartedAgain = (await queues(third.url, third))[0]?.gaps ?? [];
    expect(restartedAgain).toEqual([gap, { ...gap, from: clock - 60_000, to: clock }]);

    // The next day's first call rolls the day: yesterday's gaps are gone.
    const tomorrow = DAY + 24 * 3600_000 + 8 * 3600_000;
    for (const p of voipstudioCall(2, 'answered', tomorrow)) {
      clock = p.at + 1000;
      await post(third.url, p.body);
    }
    const [rolled] = await queues(third.url, third);
    expect(rolled?.gaps).toBeUndefined();
    expect(rolled?.today.offered).toBe(1);
  }, 30_000);

  it('after SIGKILL runs from the last journaled arrival to the restart (a real process, a real SQLite file)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callboard-gap-'));
    dirs.push(dataDir);
    const before = await spawnServer(dataDir);
    children.push(before);
    const posts = voipstudioCall(3, 'answered', Date.now() - 10 * 60_000);
    for (const p of posts) await post(before.url, p.body);
    const lastPostedAt = Date.now();
    await before.kill();
    children.splice(children.indexOf(before), 1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));

    const restartAt = Date.now();
    const after = await spawnServer(dataDir);
    children.push(after);
    let [queue] = await queues(after.url);
    // The hub publishes at its own pace: the gap said at start-up shows within a few batches.
    for (let i = 0; i < 50 && !queue?.gaps; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [queue] = await queues(after.url);
    }
    expect(queue?.gaps).toHaveLength(1);
    const gap = queue?.gaps?.[0] as GapView;
    expect(gap).toMatchObject({ source: 'voipstudio', reason: 'serverStopped' });
    expect(gap.from).toBeLessThanOrEqual(lastPostedAt);
    expect(gap.from).toBeGreaterThan(lastPostedAt - 5_000);
    expect(gap.to).toBeGreaterThanOrEqual(restartAt);
    expect(gap.to - gap.from).toBeGreaterThanOrEqual(1_200);
  }, 60_000);
});
