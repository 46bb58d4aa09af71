import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

const AUTH = { command: 'auth', username: 'admin', password: TEST_PASSWORD, domain: 'test.io' };
const QUEUES = { '8001': ['101', '102'], '8002': ['102', '103'] };

let server: FakeWsiServer;
let h: Harness | undefined;

afterEach(async () => {
  await h?.connector.stop();
  h = undefined;
  await server?.close();
});

const connected = () => h?.last()?.status === 'connected';

describe('WSI connector: subscribe sequence', () => {
  it('discovers queues from queue_created and agents from queue_status, then subscribes in the documented order', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(connected, 2_000, 'connected');

    expect(server.commandsOf(1)).toStrictEqual([
      AUTH,
      { command: 'subscribe', topics: ['queue_management_events'] },
      { command: 'subscribe', topics: ['queue_events'], queues: ['8001', '8002'] },
      { command: 'subscribe', topics: ['extension_events'], extensions: ['101', '102', '103'] },
      { command: 'subscribe', topics: ['cdr_events'] },
    ]);
    expect(h.healthSequence()).toStrictEqual(['connecting', 'resyncing', 'connected']);
    expect(h.last()).toMatchObject({ id: 'pbx-test', kind: 'portsip-wsi', detail: null });
    const snapshotted = h.events.filter((e) => e.type === 'queueSnapshotted').map((e) => e.queue.number);
    expect(snapshotted).toStrictEqual(['8001', '8002']);
    expect(h.events.filter((e) => e.type === 'extensionRegistrationChanged')).toHaveLength(3);
    expect(h.events.every((e) => e.source === 'pbx-test')).toBe(true);
  });

  it('reports lastEventAt as the PBX time of the latest accepted frame, and tells onStatus', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(connected, 2_000, 'connected');
    const pbxSeconds = Math.floor(Date.now() / 1000) - 120; // a PBX clock two minutes behind ours
    server.broadcast(
      JSON.stringify({
        event_type: 'extension_call',
        extension: 'sip:101@test.io',
        call_status: 'RINGING',
        tenant_id: '883634229655633920',
        extension_id: 'x101',
        time: String(pbxSeconds),
      }),
    );
    await waitUntil(() => h?.connector.status().lastEventAt === pbxSeconds * 1000, 1_000, 'lastEventAt');
    expect(h.last()).toMatchObject({ status: 'connected', lastEventAt: pbxSeconds * 1000 });
  });

  it('uses configured queues and extensions without waiting, and logs in by extension number', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url, {
      auth: { extension: '101', password: TEST_PASSWORD, domain: 'test.io' },
      queues: ['8002'],
      extensions: ['103'],
      timing: { discoveryQuietMs: 5_000 }, // would stall the test if anything waited for it
    });
    await waitUntil(connected, 1_000, 'connected');
    expect(server.commandsOf(1)).toStrictEqual([
      { command: 'auth', extension_number: '101', password: TEST_PASSWORD, domain: 'test.io' },
      { command: 'subscribe', topics: ['queue_management_events'] },
      { command: 'subscribe', topics: ['queue_events'], queues: ['8002'] },
      { command: 'subscribe', topics: ['extension_events'], extensions: ['103'] },
      { command: 'subscribe', topics: ['cdr_events'] },
    ]);
  });

  it('subscribes a newly created queue, then its new agents, each with a subscribe of its own', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url);
    await waitUntil(connected, 2_000, 'connected');
    server.createQueue('8003', ['103', '104']);
    await waitUntil(() => server.commandsOf(1).length === 7, 1_000, 'two more subscribes');
    expect(server.commandsOf(1).slice(5)).toStrictEqual([
      { command: 'subscribe', topics: ['queue_events'], queues: ['8003'] },
      { command: 'subscribe', topics: ['extension_events'], extensions: ['104'] },
    ]);
    await waitUntil(
      () =>
        h?.events.some((e) => e.type === 'extensionRegistrationChanged' && e.extension.number === '104') ??
        false,
    );
    expect(h.last()?.status).toBe('connected');
  });

  it('goes connected after snapshotTimeoutMs, naming the snapshots that never came', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    const started = Date.now();
    h = startConnector(server.url, {
      queues: ['8001', '9999'],
      extensions: ['101', '555'],
      timing: { snapshotTimeoutMs: 300 },
    });
    await waitUntil(connected, 2_000, 'connected');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(h.healthSequence()).toStrictEqual(['connecting', 'resyncing', 'connected']);
    expect(h.last()?.detail).toBe('no snapshot within 0.3 s for queues 9999; extensions 555');
  });

  it('with tenants, opens a second connection that subscribes to the global topics for them', async () => {
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: QUEUES });
    h = startConnector(server.url, { tenants: ['325435', '534888'] });
    await waitUntil(connected, 2_000, 'connected');
    const byConnection = [1, 2].map((c) => server.commandsOf(c));
    const global = byConnection.find((cmds) => JSON.stringify(cmds).includes('global_'));
    const tenants = ['325435', '534888'];
    expect(global).toStrictEqual([
      AUTH,
      { command: 'subscribe', topics: ['global_queue_management_events'], tenants },
      { command: 'subscribe', topics: ['global_queue_events'], tenants },
      { command: 'subscribe', topics: ['global_extension_events'], tenants },
      { command: 'subscribe', topics: ['global_cdr_events'], tenants },
    ]);
    expect(byConnection.filter((cmds) => cmds !== global)[0]?.[1]).toStrictEqual({
      command: 'subscribe',
      topics: ['queue_management_events'],
    });
  });
});
