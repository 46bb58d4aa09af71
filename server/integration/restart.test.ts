import { afterEach, describe, expect, it } from 'vitest';
import { getJson, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * A simulated morning, a restart, the afternoon: the day's figures equal an uninterrupted run's.
 * Calls that straddle the restart (started before, ended after) are in both halves.
 */
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change
const RESTART_AT = DAY + 12 * 3600_000;

function day(): { at: number; body: string }[] {
  const posts: { at: number; body: string }[] = [];
  for (let n = 0; n < 60; n++) {
    const start = DAY + 8 * 3600_000 + n * 9 * 60_000 + (n % 7) * 11_000;
    posts.push(...voipstudioCall(n, n % 3 === 2 ? 'missed' : 'answered', start));
  }
  return posts.sort((a, b) => a.at - b.at);
}

const apps: TestCallboard[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close({ remove: true });
});

interface StateView {
  queues: { id: string; today: Record<string, unknown>; gaps?: unknown[] }[];
}

async function post(app: TestCallboard, body: string): Promise<void> {
  const res = await fetch(`${app.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

async function figures(app: TestCallboard): Promise<StateView['queues']> {
  app.hub.flush();
  return (await getJson<StateView>(app.url, '/api/v1/state')).queues;
}

describe('restart in the middle of the day', () => {
  it("the day's figures equal an uninterrupted run's", async () => {
    const posts = day();
    const end = (posts.at(-1)?.at ?? 0) + 60_000;

    let clock = DAY + 7 * 3600_000;
    const straight = await startTestCallboard({ now: () => clock });
    apps.push(straight);
    for (const p of posts) {
      clock = p.at + 1000;
      await post(straight, p.body);
    }
    clock = end;
    const want = await figures(straight);

    clock = DAY + 7 * 3600_000;
    const morning = await startTestCallboard({ now: () => clock });
    for (const p of posts.filter((p) => p.at < RESTART_AT)) {
      clock = p.at + 1000;
      await post(morning, p.body);
    }
    await morning.close();
    clock = RESTART_AT + 5 * 60_000;
    const afternoon = await startTestCallboard({ dataDir: morning.dataDir, now: () => clock });
    apps.push(afternoon);
    const replayed = await figures(afternoon);
    expect(replayed[0]?.today.offered).toBeGreaterThan(10); // the morning came back from the journal
    for (const p of posts.filter((p) => p.at >= RESTART_AT)) {
      clock = p.at + 1000;
      await post(afternoon, p.body);
    }
    clock = end;
    const got = await figures(afternoon);

    expect(want).toHaveLength(1);
    expect(want[0]?.today).toMatchObject({ offered: 60, answered: 40, abandoned: 20 });
    // The restarted run says it was stopped (docs/metrics.md, "Gaps"); its figures are the same.
    const { gaps, ...gotQueue } = got[0] ?? { gaps: undefined };
    expect(gaps).toEqual([expect.objectContaining({ reason: 'serverStopped', to: RESTART_AT + 5 * 60_000 })]);
    expect([gotQueue]).toEqual(want);
  }, 60_000);
});
