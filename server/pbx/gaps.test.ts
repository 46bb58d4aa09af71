import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import type { Settings } from '../../lib/domain/state';
import { queueView } from '../../lib/domain/view';
import { createHub, type Hub } from '../hub/hub';
import { FAST_TIMING, type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

/**
 * Issue #14 item 5, from outside: a WSI link lost and back is one gap on the server's clock, from the
 * link's last proof of life to its fresh snapshots, shown on the queues the source feeds and no other.
 */

const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const TENANT = '883634229655633920';

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

describe('a WSI link lost and back', () => {
  it('records one gap with the outage’s bounds, shown on the fed queues only', async () => {
    const fake = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] } });
    server = fake;
    const board = createHub({ settings: SETTINGS, now: Date.now, epoch: 'gaps', windowMs: 5 });
    hub = board;
    const fromLink: DomainEvent[] = [];
    const gapsSeen: SourceGapRecorded[] = [];
    const harness = startConnector(fake.url, {
      onEvents: (events) => {
        fromLink.push(...events);
        board.ingest(events);
      },
      onGap: (gap) => gapsSeen.push(gap),
    });
    h = harness;
    await waitUntil(() => connectedCount(harness) === 1, 2_000, 'connected');
    // Another source's queue (a 3CX webhook source): its figures miss nothing.
    board.ingest([
      {
        source: '3cx',
        origin: '3cx',
        type: 'queueCreated',
        at: Date.now(),
        atArrival: true,
        queue: { number: '900' },
      },
    ]);
    const gaps = () => fromLink.filter((e): e is SourceGapRecorded => e.type === 'sourceGapRecorded');
    expect(gaps()).toEqual([]); // a prompt first connection is no gap

    const lostAt = Date.now();
    fake.dropAll();
    await waitUntil(() => connectedCount(harness) === 2, 3_000, 'connected again');
    const backAt = Date.now();
    board.flush();

    expect(gaps()).toHaveLength(1);
    const gap = gaps()[0] as SourceGapRecorded;
    expect(gapsSeen).toEqual([gap]);
    expect(gap).toMatchObject({ source: 'pbx-test', reason: 'linkDown', atArrival: true });
    // From the last frame or pong before the drop (pongs come every ping interval) to the snapshots.
    expect(gap.from).toBeLessThanOrEqual(lostAt);
    expect(gap.from).toBeGreaterThanOrEqual(lostAt - 3 * FAST_TIMING.pingIntervalMs);
    expect(gap.to).toBeGreaterThan(lostAt);
    expect(gap.to).toBeLessThanOrEqual(backAt);

    const view = (key: string) => {
      const q = board.state().queues.get(key);
      if (!q) throw new Error(`no queue ${key}`);
      return queueView(board.state(), q, Date.now());
    };
    expect(view(`${TENANT}/8001`).gaps).toEqual([
      { source: 'pbx-test', from: gap.from, to: gap.to, reason: 'linkDown' },
    ]);
    expect(view('3cx/900').gaps).toBeUndefined();
  });
});
