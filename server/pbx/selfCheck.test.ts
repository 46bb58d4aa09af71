import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent, QueueChecked } from '../../lib/domain/events';
import { sourceCheck } from '../../lib/domain/reduce/drift';
import { waitUntil } from './testing/fakeWsiServer';
import { type LinkedBoard, startLinkedBoard, stopLinkedBoards } from './testing/linkedBoard';

/**
 * Issue #14 item 4, from outside: the link checks the board against the PBX's fresh queue_status
 * (a real fake-WSI server), heals it, and counts each difference once (docs/metrics.md, "Drift").
 */
afterEach(stopLinkedBoards);

const checks = (events: readonly DomainEvent[]) =>
  events.filter((e): e is QueueChecked => e.type === 'queueChecked');
/** The queue subscribes a connection received, each as its list of queues. */
const queueSubscribes = (b: LinkedBoard, connection: number) =>
  b.fake
    .commandsOf(connection)
    .filter((c) => Array.isArray(c.topics) && c.topics[0] === 'queue_events')
    .map((c) => c.queues as string[]);
const drift = (b: LinkedBoard) => sourceCheck(b.board.state(), 'pbx-test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the self-check', () => {
  it('heals a dropped agent change and a caller the PBX never announced, counting each once', async () => {
    const b = await startLinkedBoard({ selfCheck: { intervalMs: 150 } });
    await waitUntil(() => checks(b.fromLink).length >= 1, 2_000, 'the check after connecting');
    expect(drift(b)?.differencesToday).toEqual({ waitingCaller: 0, agentState: 0 });
    const before = drift(b)?.lastCheckedAt ?? 0;

    // Frames lost on the way: 301 took a queue call, a caller entered; the board heard neither.
    b.fake.setQueueTruth('8001', {
      agentStates: { '301': 'QUEUE_CALL' },
      waiting: [{ sessionId: 'ghost-1' }],
    });
    await waitUntil(() => b.queue()?.agents?.get('301')?.state === 'queueCall', 2_000, 'healed');
    expect([...(b.queue()?.waiting?.keys() ?? [])]).toEqual(['ghost-1']);
    const counted = checks(b.fromLink).find((c) => c.differences.agentState > 0);
    expect(counted?.differences).toEqual({ waitingCaller: 1, agentState: 1 });
    expect(counted?.via).toBe('snapshot');
    // The fact goes out right after the snapshot that healed the board (one batch, journaled together).
    const i = b.fromLink.indexOf(counted as DomainEvent);
    expect(b.fromLink[i - 1]?.type).toBe('queueSnapshotted');

    // Later checks find the board right: counted once.
    const seen = checks(b.fromLink).length;
    await waitUntil(() => checks(b.fromLink).length >= seen + 2, 2_000, 'two more checks');
    expect(drift(b)?.differencesToday).toEqual({ waitingCaller: 1, agentState: 1 });
    expect(drift(b)?.lastCheckedAt).toBeGreaterThan(before);

    // The caller's hang-up is lost too: the board shows a caller the PBX no longer has.
    b.fake.setQueueTruth('8001', { agentStates: { '301': 'QUEUE_CALL' }, waiting: [] });
    await waitUntil(() => b.queue()?.waiting?.size === 0, 2_000, 'the caller gone');
    expect(drift(b)?.differencesToday).toEqual({ waitingCaller: 2, agentState: 1 });
    // A check is the source's proof of life; the status carries the check.
    b.board.setSourceStatus(b.link.connector.status());
    const status = b.board.sources()[0];
    expect(status?.drift?.check).toEqual(drift(b));
    expect(status?.lastProofOfLifeAt).toBeGreaterThanOrEqual(drift(b)?.lastCheckedAt ?? Infinity);
  });

  it('re-subscribes one queue at a time, each only once the previous one answered or timed out', async () => {
    const b = await startLinkedBoard({
      fake: { queues: { '8001': ['301'], '8002': ['302'] } },
      selfCheck: { intervalMs: 60_000 },
    });
    await waitUntil(() => checks(b.fromLink).length >= 2, 2_000, 'both queues checked');
    const resync = queueSubscribes(b, 1).slice(0, 1);
    expect(resync).toEqual([['8001', '8002']]); // the resync's, all at once
    expect(queueSubscribes(b, 1).slice(1)).toEqual([['8001'], ['8002']]);
    expect(checks(b.fromLink).map((c) => c.queue.number)).toEqual(['8001', '8002']);
  });

  it('a queue_status that never comes: nothing counted, the detail says so, the next queue waits its turn', async () => {
    const fake = { queues: { '8001': ['301'], '8002': ['302'] } };
    const b = await startLinkedBoard({ fake, selfCheck: { intervalMs: 1_000 } });
    await waitUntil(() => checks(b.fromLink).length === 2, 2_000, 'the first round');
    // From now on the PBX acknowledges subscribes but sends no queue_status.
    b.fake.answerQueueSubscribes(false);
    await waitUntil(() => queueSubscribes(b, 1).length === 4, 2_000, 'the next round');
    expect(queueSubscribes(b, 1)[3]).toEqual(['8001']);
    await sleep(500);
    // One queue at a time: 8002 waits for 8001's timeout (1 s in the test timing).
    expect(queueSubscribes(b, 1)).toHaveLength(4);
    await waitUntil(() => queueSubscribes(b, 1).length === 5, 2_000, '8002 after the timeout');
    expect(queueSubscribes(b, 1)[4]).toEqual(['8002']);
    await waitUntil(() => (b.link.last()?.detail ?? '').includes('self-check failed'), 2_000, 'the detail');
    expect(b.link.last()?.status).toBe('connected');
    expect(b.link.last()?.detail).toBe(
      'self-check failed: queue 8001: no queue_status within 1 s; queue 8002: no queue_status within 1 s',
    );
    expect(checks(b.fromLink)).toHaveLength(2);
    expect(drift(b)?.differencesToday).toEqual({ waitingCaller: 0, agentState: 0 });
    // The PBX answers again: the next round clears the detail.
    b.fake.answerQueueSubscribes(true);
    await waitUntil(() => b.link.last()?.detail === null, 4_000, 'the detail cleared');
  });

  it('runs again after every reconnect, whatever the schedule', async () => {
    const b = await startLinkedBoard({ selfCheck: { intervalMs: 60_000 } });
    await waitUntil(() => checks(b.fromLink).length === 1, 2_000, 'the first check');
    b.fake.dropAll();
    await waitUntil(() => b.connects() === 2, 3_000, 'connected again');
    await waitUntil(() => checks(b.fromLink).length === 2, 2_000, 'the check after reconnecting');
    expect(queueSubscribes(b, 2).slice(1)).toEqual([['8001']]);
  });

  it('the schedule is configurable, and 0 checks nothing', async () => {
    const off = await startLinkedBoard({ selfCheck: { intervalMs: 0 } });
    const often = await startLinkedBoard({ selfCheck: { intervalMs: 100 } });
    await sleep(700);
    expect(checks(off.fromLink)).toEqual([]);
    expect(queueSubscribes(off, 1)).toHaveLength(1); // the resync's only
    expect(checks(often.fromLink).length).toBeGreaterThanOrEqual(3);
    expect(queueSubscribes(often, 1).length).toBe(1 + checks(often.fromLink).length);
  });
});
