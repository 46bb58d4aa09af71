import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, QueueChecked } from '../../lib/domain/events';
import { sourceCheck } from '../../lib/domain/reduce/drift';
import { createRestQueueLists } from './restQueueLists';
import {
  FAKE_REST_PASSWORD,
  type FakePortsipRest,
  restQueueId,
  startFakePortsipRest,
} from './testing/fakePortsipRest';
import { waitUntil } from './testing/fakeWsiServer';
import { startLinkedBoard, stopLinkedBoards } from './testing/linkedBoard';

/**
 * Issue #14 item 4 with PortSIP REST configured: the self-check also reads the queue's lists (GET
 * /call_queues/{id}/waiting and /agents, a real HTTP fake on loopback) and counts what they disagree on.
 */
let rest: FakePortsipRest | undefined;
afterEach(async () => {
  await stopLinkedBoards();
  await rest?.close();
  rest = undefined;
});

const restChecks = (events: readonly DomainEvent[]) =>
  events.filter((e): e is QueueChecked => e.type === 'queueChecked' && e.via === 'rest');

async function withRest() {
  const fake = await startFakePortsipRest();
  rest = fake;
  fake.setQueueLists('8001', { waiting: [], agents: ['301'] });
  const lists = createRestQueueLists({
    baseUrl: fake.url,
    auth: { username: 'admin', password: FAKE_REST_PASSWORD },
    now: Date.now,
  });
  const b = await startLinkedBoard({ selfCheck: { intervalMs: 150, rest: lists } });
  return { fake, b, drift: () => sourceCheck(b.board.state(), 'pbx-test') };
}

describe('the self-check over REST', () => {
  it('counts what the queue’s REST lists disagree on, by kind, each difference once', async () => {
    const { fake, b, drift } = await withRest();
    await waitUntil(() => restChecks(b.fromLink).length >= 1, 2_000, 'a REST check');
    expect(restChecks(b.fromLink)[0]?.differences).toEqual({ waitingCaller: 0, agentState: 0 });
    // The REST id is found by the queue's number (WSI calls the queue "id-8001"; REST does not).
    const id = restQueueId('8001');
    expect(fake.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/api/call_queues',
        `/api/call_queues/${id}/waiting`,
        `/api/call_queues/${id}/agents`,
      ]),
    );
    expect(fake.requests.filter((r) => r.path === '/api/call_queues')).toHaveLength(1); // then cached

    // REST lists a caller and an agent the WSI feed (and so the board) does not have.
    fake.setQueueLists('8001', { waiting: ['rest-only'], agents: ['301', '302'] });
    await waitUntil(() => (drift()?.differencesToday.agentState ?? 0) >= 1, 2_000, 'the difference counted');
    const counted = restChecks(b.fromLink).filter((c) => c.differences.agentState > 0);
    expect(counted.map((c) => c.differences)).toEqual([{ waitingCaller: 1, agentState: 1 }]);
    // Not healed, so found again by every check: counted once, while it lasts.
    const seen = restChecks(b.fromLink).length;
    await waitUntil(() => restChecks(b.fromLink).length >= seen + 2, 2_000, 'two more REST checks');
    expect(drift()?.differencesToday).toEqual({ waitingCaller: 1, agentState: 1 });
    // Counted, not applied: REST names no agent state, and the WSI snapshot stays the board's truth.
    expect(b.queue()?.waiting?.size).toBe(0);
    // The log says what differed, never a secret.
    const logged = b.link.logLines.filter((l) => l.includes('the board differed'));
    expect(logged.join('\n')).toContain('"sessionId":"rest-only"');
    expect(logged.join('\n')).toContain('"extension":"302"');
    for (const secret of [FAKE_REST_PASSWORD, ...fake.tokens()]) {
      expect(b.link.logLines.join('\n')).not.toContain(secret);
    }
  });

  it('a REST 500: nothing counted from REST, the detail says so, the link carries on', async () => {
    const { fake, b, drift } = await withRest();
    fake.failQueueLists(500);
    await waitUntil(() => (b.link.last()?.detail ?? '').includes('HTTP 500'), 2_000, 'the detail');
    // The first failing GET of a round: /waiting, or /agents when the failure began between the two.
    expect(b.link.last()?.detail).toMatch(
      new RegExp(
        `^self-check failed: queue 8001: GET /call_queues/${restQueueId('8001')}/(waiting|agents): HTTP 500$`,
      ),
    );
    expect(b.link.last()?.status).toBe('connected');
    const before = restChecks(b.fromLink).length;
    // The WSI part of each round still checks (and counts) as before.
    const snapshots = () =>
      b.fromLink.filter((e) => e.type === 'queueChecked' && e.via === 'snapshot').length;
    const seen = snapshots();
    await waitUntil(() => snapshots() >= seen + 2, 2_000, 'more rounds');
    expect(restChecks(b.fromLink)).toHaveLength(before);
    expect(drift()?.differencesToday).toEqual({ waitingCaller: 0, agentState: 0 });
    fake.failQueueLists(null);
    await waitUntil(() => b.link.last()?.detail === null, 2_000, 'the detail cleared');
  });
});
