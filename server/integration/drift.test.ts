import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../lib/protocol';
import { TEST_PASSWORD } from '../pbx/testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer } from '../pbx/testing/fakeWsiServer';
import { getJson, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Issue #14 item 4 through the whole process: a PortSIP link's self-checks (RECONCILE_SECONDS) heal
 * a lost frame, count it as drift in the API, and the count survives a restart (journal replay).
 */
let fake: FakeWsiServer | undefined;
const apps: TestCallboard[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close({ remove: true });
  await fake?.close();
  fake = undefined;
});

async function start(pbx: FakeWsiServer, dataDir?: string): Promise<TestCallboard> {
  const app = await startTestCallboard({
    ...(dataDir ? { dataDir } : {}),
    env: {
      PORTSIP_WSI_URL: pbx.url,
      PORTSIP_USERNAME: 'admin',
      PORTSIP_PASSWORD: TEST_PASSWORD,
      PORTSIP_DOMAIN: 'test.io',
      PORTSIP_QUEUES: '8001',
      RECONCILE_SECONDS: '1',
    },
  });
  apps.push(app);
  return app;
}

async function source(app: TestCallboard): Promise<SourceStatus | undefined> {
  app.hub.flush();
  const state = await getJson<{ sources: SourceStatus[] }>(app.url, '/api/v1/state');
  return state.sources.find((s) => s.kind === 'portsip-wsi');
}

async function until(app: TestCallboard, check: (s: SourceStatus | undefined) => boolean, what: string) {
  let last: SourceStatus | undefined;
  const deadline = Date.now() + 8_000;
  while (Date.now() < deadline) {
    last = await source(app);
    if (check(last)) return last as SourceStatus;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(last)}`);
}

describe('drift through the process', () => {
  it('a lost agent change is healed and counted; the count survives a restart', async () => {
    const pbx = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] } });
    fake = pbx;
    const app = await start(pbx);
    const first = await until(app, (s) => s?.drift?.check?.lastCheckedAt != null, 'a first check');
    expect(first.drift?.check?.differencesToday).toEqual({ waitingCaller: 0, agentState: 0 });

    pbx.setQueueTruth('8001', { agentStates: { '301': 'QUEUE_CALL' } });
    const counted = await until(app, (s) => s?.drift?.check?.differencesToday.agentState === 1, 'drift');
    expect(counted.drift?.check?.differencesToday).toEqual({ waitingCaller: 0, agentState: 1 });
    // The settings page's list carries it too.
    const { connections } = await getJson<{ connections: { status: SourceStatus | null }[] }>(
      app.url,
      '/api/v1/pbx-connections',
    );
    expect(connections[0]?.status?.drift?.check?.differencesToday.agentState).toBe(1);
    const checkedBefore = counted.drift?.check?.lastCheckedAt ?? 0;

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const again = await start(pbx, app.dataDir);
    // Replayed from the journal, and a later check (the board is right now) adds nothing.
    const after = await until(
      again,
      (s) => (s?.drift?.check?.lastCheckedAt ?? 0) > checkedBefore + 1000,
      'a check after the restart',
    );
    expect(after.drift?.check?.differencesToday).toEqual({ waitingCaller: 0, agentState: 1 });
  });
});
