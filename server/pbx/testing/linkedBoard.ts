import type { DomainEvent } from '../../../lib/domain/events';
import type { QueueState, Settings } from '../../../lib/domain/state';
import { createHub, type Hub } from '../../hub/hub';
import type { RestQueueLists } from '../restQueueLists';
import type { WsiConnectorOptions } from '../wsiConnector';
import { type Harness, startConnector, TEST_PASSWORD } from './connectorHarness';
import { type FakeWsiOptions, type FakeWsiServer, startFakeWsiServer, waitUntil } from './fakeWsiServer';

/**
 * Test support only: a fake PortSIP WSI server, the real connector and a hub (the board), wired as the
 * app wires them, for tests of what the board shows through a live link. `stopLinkedBoards()` in
 * afterEach closes every one started.
 */
export const TENANT = '883634229655633920';
export const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
export const queueKey = (number: string) => `${TENANT}/${number}`;

export interface LinkedBoard {
  readonly fake: FakeWsiServer;
  readonly board: Hub;
  readonly link: Harness;
  /** Every event the link delivered, in order (what the recorder would journal). */
  readonly fromLink: DomainEvent[];
  queue(number?: string): QueueState | undefined;
  /** Times the link reported 'connected' (a reconnect adds one). */
  connects(): number;
}

const running: (() => Promise<void>)[] = [];

export async function startLinkedBoard(
  o: {
    fake?: FakeWsiOptions;
    connector?: Partial<Omit<WsiConnectorOptions, 'selfCheck'>>;
    /** Self-checks against the fake, with the board wired in. */
    selfCheck?: { intervalMs: number; rest?: RestQueueLists };
    /** The board's clock (default Date.now). */
    now?: () => number;
  } = {},
): Promise<LinkedBoard> {
  const fake = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] }, ...o.fake });
  const board = createHub({ settings: SETTINGS, now: o.now ?? Date.now, epoch: 'linked', windowMs: 5 });
  const fromLink: DomainEvent[] = [];
  const link = startConnector(fake.url, {
    onEvents: (events) => {
      fromLink.push(...events);
      board.ingest(events);
    },
    ...(o.selfCheck ? { selfCheck: { ...o.selfCheck, board: board.state } } : {}),
    ...o.connector,
  });
  running.push(async () => {
    await link.connector.stop();
    board.stop();
    await fake.close();
  });
  const connects = () => link.healthSequence().filter((s) => s === 'connected').length;
  await waitUntil(() => connects() >= 1, 3_000, 'connected');
  return {
    fake,
    board,
    link,
    fromLink,
    queue: (number = '8001') => board.state().queues.get(queueKey(number)),
    connects,
  };
}

export async function stopLinkedBoards(): Promise<void> {
  for (const stop of running.splice(0)) await stop();
}

/** A queue_status frame as the PBX pushes it (seed 002, its agents beside waiting_list). */
export function queueStatusFrame(o: {
  queue?: string;
  waiting?: readonly { sessionId: string; timestamp: string; callerName?: string }[];
  agents: readonly { extension: string; state: string; timestamp: string }[];
}): string {
  const queue = o.queue ?? '8001';
  return JSON.stringify({
    event_type: 'queue_status',
    tenant_id: TENANT,
    queue_id: `id-${queue}`,
    queue_number: queue,
    queue_name: `Queue ${queue}`,
    waiting_list: (o.waiting ?? []).map((c, i) => ({
      position: String(i + 1),
      session_id: c.sessionId,
      caller_number: '5550100',
      ...(c.callerName ? { caller_name: c.callerName } : {}),
      timestamp: c.timestamp,
      type: 'normal',
    })),
    agents: o.agents.map((a) => ({
      state: a.state,
      agent_extension_number: a.extension,
      timestamp: a.timestamp,
    })),
  });
}
