import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { liveCalls, queueView } from '../../lib/domain/view';
import { waitUntil } from './testing/fakeWsiServer';
import { queueStatusFrame, startLinkedBoard, stopLinkedBoards, TENANT } from './testing/linkedBoard';

/**
 * Issue #14 item 7, from outside: calls and callers from before an outage that the PBX's fresh
 * snapshots no longer report are closed as "ended, unknown" once the link has resynced, through the
 * real connector into the hub. (On the old code the call stayed "Talking" and counted up.)
 */

afterEach(stopLinkedBoards);

describe('after a reconnect', () => {
  it('a call and a waiting caller the fresh snapshots no longer report are closed as lost track', async () => {
    const { fake, board, fromLink, queue: queueState, connects } = await startLinkedBoard();

    // Before the outage: a caller waits in 8001, and 301 talks on call c1.
    const pbxSeconds = String(Math.floor(fake.pbxNow() / 1000) - 30);
    fake.broadcast(
      queueStatusFrame({
        waiting: [{ sessionId: 'caller-1', timestamp: pbxSeconds }],
        agents: [{ extension: '301', state: 'READY', timestamp: pbxSeconds }],
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
      const q = queueState();
      if (!q) throw new Error('no queue');
      return queueView(board.state(), q, Date.now());
    };
    await waitUntil(() => queue().waiting?.length === 1, 1_000, 'the caller listed');
    expect(liveCalls(board.state()).map((c) => [c.callId, c.phase])).toEqual([['c1', 'connected']]);

    // The PBX restarts: the caller hung up and 301 went idle meanwhile; its snapshots say so.
    fake.dropAll();
    await waitUntil(() => connects() === 2, 3_000, 'connected again');
    board.flush();

    expect(queue().waiting).toEqual([]);
    expect(queue().today).toMatchObject({ offered: 1, answered: 0, abandoned: 0, lostTrack: 1 });
    expect(liveCalls(board.state())).toEqual([]);
    // Said as a journaled fact, so that a replay closes the same entries.
    expect(fromLink.filter((e) => e.type === 'trackLost')).toHaveLength(2);
  });
});
