import { afterEach, describe, expect, it } from 'vitest';
import type { AgentState } from '../../lib/domain/events';
import { queueView } from '../../lib/domain/view';
import type { Harness } from './testing/connectorHarness';
import { waitUntil } from './testing/fakeWsiServer';
import {
  queueKey,
  queueStatusFrame,
  startLinkedBoard,
  stopLinkedBoards,
  TENANT,
} from './testing/linkedBoard';

/**
 * Issue #14's reproductions, from outside: a PortSIP WSI feed whose PBX clock is 20 s off ours,
 * through the real connector into the hub. Every figure that meets our `now` must be as if the
 * clocks agreed, and no change of an agent may be lost to a comparison of the two clocks.
 */

const QUEUE = queueKey('8001');
let h: Harness | undefined;

afterEach(async () => {
  await stopLinkedBoards();
  h = undefined;
});

const pbxSeconds = (ms: number) => String(Math.floor(ms / 1000));

async function connectedWithClock(clockAheadMs: number) {
  const { fake, board, link } = await startLinkedBoard({ fake: { clockAheadMs } });
  h = link;
  const pbxNow = fake.pbxNow;
  const agentOf = () => board.state().queues.get(QUEUE)?.agents?.get('301');
  const snapshot = (state: 'READY' | 'QUEUE_CALL', waitedMs: number) =>
    fake.broadcast(
      queueStatusFrame({
        waiting: [
          { sessionId: 'caller-1', callerName: 'Waiting Caller', timestamp: pbxSeconds(pbxNow() - waitedMs) },
        ],
        agents: [{ extension: '301', state, timestamp: pbxSeconds(pbxNow() - 100_000) }],
      }),
    );
  const change = (state: 'READY' | 'QUEUE_CALL') =>
    fake.broadcast(
      JSON.stringify({
        event_type: 'queue_agent_status',
        tenant_id: TENANT,
        queue_id: 'id-8001',
        queue_number: '8001',
        updated_agents: [
          {
            state,
            agent_extension_number: '301',
            ...(state === 'QUEUE_CALL' ? { session_id: 'caller-0', caller_number: '5550199' } : {}),
            timestamp: pbxSeconds(pbxNow()), // the current PBX second
          },
        ],
        removed_agents: [],
      }),
    );
  return { board, agentOf, snapshot, change };
}

async function settled(check: () => boolean, what: string) {
  await waitUntil(check, 1_000, what);
}

/** Send one frame and wait until the connector has handled it (applied or dropped, synchronously). */
async function applied(send: () => void) {
  const before = h?.connector.stats().framesIn ?? 0;
  send();
  await settled(() => (h?.connector.stats().framesIn ?? 0) > before, 'the frame');
}

describe('a PBX clock 20 s off ours', () => {
  for (const [label, ahead] of [
    ['behind', -20_000],
    ['ahead', 20_000],
  ] as const) {
    it(`${label}: no agent change after a snapshot is dropped, nor a snapshot after changes`, async () => {
      const { agentOf, snapshot, change } = await connectedWithClock(ahead);
      snapshot('READY', 10_000);
      await settled(() => agentOf()?.state === 'ready', 'the snapshot');
      const states: AgentState[] = [];
      for (let i = 0; i < 8; i++) {
        const next = i % 2 === 0 ? 'QUEUE_CALL' : 'READY';
        await applied(() => change(next));
        states.push(agentOf()?.state ?? 'offline');
      }
      // Each change shows at once (on `main`, 4 of 8 stayed "Ready" with the PBX 20 s behind).
      expect(states).toEqual([
        'queueCall',
        'ready',
        'queueCall',
        'ready',
        'queueCall',
        'ready',
        'queueCall',
        'ready',
      ]);
      // The PBX resyncs (a reconnect, a subscribe): its snapshot is the truth as of now.
      change('QUEUE_CALL');
      await settled(() => agentOf()?.state === 'queueCall', 'the ninth change');
      await applied(() => snapshot('READY', 10_000));
      expect(agentOf()?.state).toBe('ready');
    });

    it(`${label}: a caller who has waited 10 s shows 10 s, an agent who just changed shows 0 s`, async () => {
      const { board, snapshot, change } = await connectedWithClock(ahead);
      await applied(() => snapshot('READY', 10_000));
      // A frame with the PBX's current time: the PBX's clock is known from here on.
      await applied(() => change('QUEUE_CALL'));
      const now = Date.now();
      const q = board.state().queues.get(QUEUE);
      if (!q) throw new Error('no queue');
      const view = queueView(board.state(), q, now);
      // Whole-second PBX times, a loopback delay: within a second of the truth.
      expect(view.today.longestWaitSeconds).toBeGreaterThanOrEqual(9);
      expect(view.today.longestWaitSeconds).toBeLessThanOrEqual(11);
      const agent = view.agents?.find((a) => a.extension === '301');
      expect(Math.abs(now - (agent?.since ?? 0))).toBeLessThan(1500);
      // And as published to the boards (the wire's agent row and queue).
      board.flush();
      const wire = board.snapshot().state;
      const row = wire.agents.find((a) => a.extension === '301');
      expect(Math.abs(now - (row?.since ?? 0))).toBeLessThan(1500);
      const waiting = wire.queues.find((x) => x.id === QUEUE)?.waiting?.[0];
      expect((now - (waiting?.since ?? 0)) / 1000).toBeGreaterThan(8.9);
      expect((now - (waiting?.since ?? 0)) / 1000).toBeLessThan(11.1);
    });
  }
});
