import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import type { Settings } from '../../lib/domain/state';
import { liveCalls, queueView } from '../../lib/domain/view';
import { createHub, type Hub } from '../hub/hub';
import { type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

/**
 * Issue #14 item 7, from outside: calls and callers from before an outage that the PBX's fresh
 * snapshots no longer report are closed as "ended, unknown" once the link has resynced, through the
 * real connector into the hub. (On the old code the call stayed "Talking" and counted up.)
 */

const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const TENANT = '883634229655633920';
const QUEUE = `${TENANT}/8001`;

let server: FakeWsiServer | undefined;
let h: Harness | undefined;
let hub: Hub | undefined;

afterEach(async () => {
  await h?.connector.stop();
  hub?.stop();
  await server?.close();
  h = undefined;
  hub = undefined;
  server = undefined;
});

const connectedCount = (harness: Harness) =>
  harness.healthSequence().filter((status) => status === 'connected').length;

describe('after a reconnect', () => {
  it('a call and a waiting caller the fresh snapshots no longer report are closed as lost track', async () => {
    const fake = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] } });
    server = fake;
    const board = createHub({ settings: SETTINGS, now: Date.now, epoch: 'lost', windowMs: 5 });
    hub = board;
    const fromLink: DomainEvent[] = [];
    const harness = startConnector(fake.url, {
      onEvents: (events) => {
        fromLink.push(...events);
        board.ingest(events);
      },
    });
    h = harness;
    await waitUntil(() => connectedCount(harness) === 1, 2_000, 'connected');

    // Before the outage: a caller waits in 8001, and 301 talks on call c1.
    const pbxSeconds = String(Math.floor(fake.pbxNow() / 1000) - 30);
    fake.broadcast(
      JSON.stringify({
        event_type: 'queue_status',
        tenant_id: TENANT,
        queue_id: 'id-8001',
        queue_number: '8001',
        queue_name: 'Queue 8001',
        waiting_list: [
          {
            position: '1',
            session_id: 'caller-1',
            caller_number: '5550100',
            timestamp: pbxSeconds,
            type: 'normal',
          },
        ],
        agents: [{ state: 'READY', agent_extension_number: '301', timestamp: pbxSeconds }],
      }),
    );
    const wsi = { source: 'pbx-test', origin: 'portsip-wsi', tenant: TENANT } as const;
    const at = Date.now() - 20_000;
    const call: DomainEvent[] = [
      { ...wsi, type: 'callStarted', at, callId: 'c1', parties: { direction: 'inbound', caller: '5550199' } },
      {
        ...wsi,
        type: 'callLegAnswered',
        at,
        callId: 'c1',
        leg: '301',
        target: '301',
        targetKind: 'extension',
      },
    ];
    board.ingest(call);
    board.flush();
    const queue = () => {
      const q = board.state().queues.get(QUEUE);
      if (!q) throw new Error('no queue');
      return queueView(board.state(), q, Date.now());
    };
    await waitUntil(() => queue().waiting?.length === 1, 1_000, 'the caller listed');
    expect(liveCalls(board.state()).map((c) => [c.callId, c.phase])).toEqual([['c1', 'connected']]);

    // The PBX restarts: the caller hung up and 301 went idle meanwhile; its snapshots say so.
    fake.dropAll();
    await waitUntil(() => connectedCount(harness) === 2, 3_000, 'connected again');
    board.flush();

    expect(queue().waiting).toEqual([]);
    expect(queue().today).toMatchObject({ offered: 1, answered: 0, abandoned: 0, lostTrack: 1 });
    expect(liveCalls(board.state())).toEqual([]);
    // Said as a journaled fact, so that a replay closes the same entries.
    expect(fromLink.filter((e) => e.type === 'trackLost')).toHaveLength(2);
  });
});
