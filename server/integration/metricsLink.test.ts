import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../lib/protocol';
import { TEST_PASSWORD } from '../pbx/testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer } from '../pbx/testing/fakeWsiServer';
import { API_TOKEN, getJson, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * `GET /metrics` with a PortSIP link (the fake WSI server speaks the documented protocol): a queue
 * whose waiting list the link sees has its waiting callers and longest wait in the scrape, equal to
 * `/api/v1/state`'s, and the link's self-check drift and status are there by kind.
 */
let pbx: FakeWsiServer;
let app: TestCallboard;
beforeAll(async () => {
  pbx = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] } });
  app = await startTestCallboard({
    env: {
      PORTSIP_WSI_URL: pbx.url,
      PORTSIP_USERNAME: 'admin',
      PORTSIP_PASSWORD: TEST_PASSWORD,
      PORTSIP_DOMAIN: 'test.io',
      PORTSIP_QUEUES: '8001',
      RECONCILE_SECONDS: '1',
    },
  });
}, 60_000);
afterAll(async () => {
  await app.close({ remove: true });
  await pbx.close();
});

interface State {
  sources: SourceStatus[];
  queues: { id: string; waiting: unknown[] | null; today: { longestWaitSeconds: number | null } }[];
}

async function state(): Promise<State> {
  app.hub.flush();
  return getJson<State>(app.url, '/api/v1/state');
}

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  return undefined;
}

describe('/metrics with a PortSIP link', () => {
  it('shows the waiting list the link sees, and its self-check drift by kind', async () => {
    const deadline = Date.now() + 15_000;
    let s = await state();
    while (s.sources.find((x) => x.kind === 'portsip-wsi')?.drift?.check?.lastCheckedAt == null) {
      if (Date.now() > deadline) throw new Error(`no first check: ${JSON.stringify(s.sources)}`);
      await new Promise((r) => setTimeout(r, 50));
      s = await state();
    }
    // A caller the board missed: the link's next self-check heals it and counts the difference.
    pbx.setQueueTruth('8001', { waiting: [{ sessionId: '9001', waitedSeconds: 30 }] });
    while (
      s.sources.find((x) => x.kind === 'portsip-wsi')?.drift?.check?.differencesToday.waitingCaller !== 1
    ) {
      if (Date.now() > deadline) throw new Error(`no drift counted: ${JSON.stringify(s.sources)}`);
      await new Promise((r) => setTimeout(r, 50));
      s = await state();
    }
    const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const text = await res.text();
    const link = s.sources.find((x) => x.kind === 'portsip-wsi') as SourceStatus;
    const queue = s.queues.find((q) => q.waiting !== null && q.waiting.length > 0);
    if (!queue) throw new Error(`no queue with a waiting caller: ${JSON.stringify(s.queues)}`);

    expect(sample(text, 'callboard_queue_waiting', { queue: queue.id })).toBe(queue.waiting?.length);
    // Read a moment apart on the real clock: the same whole second, or the next.
    const longest = sample(text, 'callboard_queue_longest_wait_seconds', { queue: queue.id }) ?? -1;
    expect(longest - (queue.today.longestWaitSeconds ?? 0)).toBeGreaterThanOrEqual(0);
    expect(longest - (queue.today.longestWaitSeconds ?? 0)).toBeLessThanOrEqual(1);
    const source = { source: link.id };
    expect(
      sample(text, 'callboard_source_check_differences_today', { ...source, kind: 'waitingCaller' }),
    ).toBe(1);
    expect(sample(text, 'callboard_source_check_differences_today', { ...source, kind: 'agentState' })).toBe(
      0,
    );
    expect(sample(text, 'callboard_source_last_check_age_seconds', source)).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'callboard_source_status', { ...source, status: link.status })).toBe(1);
    expect(sample(text, 'callboard_source_status', { ...source, status: 'error' })).toBe(
      link.status === 'error' ? 1 : 0,
    );
    expect(text).not.toContain(TEST_PASSWORD);
  }, 20_000);
});
