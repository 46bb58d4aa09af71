import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ClientView, receive } from '../../lib/linkClient';
import { EVENTS, type PatchMessage, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { assemble } from '../../lib/wireState';
import { type Link, queued, record, sleep, startLink, until } from '../testing/liveLink';
import { createScopedView } from './scopedView';

/**
 * Protocol v3 on real sockets: a heartbeat on an idle stream, and `resume` answered from the room's
 * ring with exactly the patches missed (a scoped board's own filtered ones), or with a snapshot when
 * the ring cannot bridge (another epoch, too old).
 */
let link: Link | null = null;
afterEach(async () => {
  await link?.close();
  link = null;
});

/** Apply messages as a client would; throws on anything that would need a catch-up. */
function follow(view: ClientView | null, messages: readonly ServerMessage[]): ClientView | null {
  let v = view;
  for (const m of messages) {
    const r = receive(v, m);
    if (r.kind === 'resync') throw new Error(r.reason);
    v = r.view;
  }
  return v;
}

async function patchesOf(l: Link, batches: string[][]) {
  for (const batch of batches) {
    l.hub.ingest(batch.map((id) => queued(id)));
    l.hub.flush();
  }
}

describe('heartbeat', () => {
  it('an idle stream gets a heartbeat naming its seq at least every heartbeatMs; a busy one none', async () => {
    link = await startLink({ limits: { heartbeatMs: 200 } });
    await patchesOf(link, [['a']]);
    const c = link.client();
    const got = record(c);
    const at: number[] = [];
    c.onAny(() => at.push(Date.now()));
    await until(() => got.length > 0);
    await sleep(1100);
    const beats = got.filter((m) => m.type === 'heartbeat');
    expect(beats.length).toBeGreaterThanOrEqual(4);
    for (const b of beats) expect(b).toMatchObject({ type: 'heartbeat', version: 3, epoch: 'e1', seq: 1 });
    for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeLessThan(200 + 100);
    expect(follow(null, got)?.seq).toBe(1);

    got.length = 0;
    for (let i = 0; i < 12; i++) {
      await patchesOf(link, [[`busy-${i}`]]);
      await sleep(50);
    }
    expect(got.filter((m) => m.type === 'heartbeat')).toEqual([]);
  });
});

describe('resume', () => {
  it('after a reconnect, the client gets exactly the patches it missed, and no snapshot', async () => {
    link = await startLink();
    const first = link.client();
    const before = record(first);
    await until(() => before.length > 0);
    const view = follow(null, before);
    first.close();
    await patchesOf(link, [['a'], ['b', 'c'], ['d']]);

    const again = link.client({ resume: { epoch: view?.epoch, seq: view?.seq } });
    const got = record(again);
    await until(() => got.length >= 3);
    await sleep(50);
    expect(got.map((m) => [m.type, m.seq])).toEqual([
      ['patch', 1],
      ['patch', 2],
      ['patch', 3],
    ]);
    expect(follow(view, got)?.state.queues).toEqual(assemble(link.hub.snapshot().state).queues);
    expect(link.viewers.stats()).toMatchObject({ resumedFromRing: 1, resumeFellBack: 0, snapshotsSent: 1 });
  });

  it('a client that reconnects by itself (as the browser does) resumes from its view, without a snapshot', async () => {
    link = await startLink();
    const l = link;
    let view: ClientView | null = null;
    const types: string[] = [];
    // As components/live/useWallboardLink.ts: auth is asked for on every connection attempt.
    const c = connect(`http://127.0.0.1:${l.port}${WALLBOARD_NAMESPACE}`, {
      auth: (cb) => cb(view ? { resume: { epoch: view.epoch, seq: view.seq } } : {}),
      transports: ['websocket'],
      reconnectionDelay: 20,
      reconnectionDelayMax: 20,
    });
    try {
      c.on(EVENTS.server, (m: ServerMessage) => {
        types.push(m.type);
        view = follow(view, [m]);
      });
      await until(() => view !== null);
      const [server] = l.io.of(WALLBOARD_NAMESPACE).sockets.values();
      server?.conn.close(); // the transport drops: the client reconnects on its own
      await patchesOf(l, [['a'], ['b']]);
      await until(() => view?.seq === 2);
      expect(types).toEqual(['snapshot', 'patch', 'patch']);
      expect(l.viewers.stats()).toMatchObject({ resumedFromRing: 1, snapshotsSent: 1 });
    } finally {
      c.close();
    }
  });

  it('nothing missed: a heartbeat, no snapshot', async () => {
    link = await startLink();
    const watcher = record(link.client());
    await until(() => watcher.length > 0);
    await patchesOf(link, [['a']]);
    const c = link.client({ resume: { epoch: 'e1', seq: 1 } });
    const got = record(c);
    await until(() => got.length > 0);
    await sleep(50);
    expect(got).toEqual([expect.objectContaining({ type: 'heartbeat', seq: 1 })]);
  });

  it('a scoped board resumes with its own filtered patches only, and ends equal to its snapshot', async () => {
    const board = ['tenant-A/8001'];
    link = await startLink({
      admit: (socket) => ({
        principal: { kind: 'api' },
        scope: socket.handshake.auth?.board === 'A' ? board : 'all',
      }),
    });
    const l = link;
    const first = l.client({ board: 'A' });
    const before = record(first);
    await until(() => before.length > 0);
    const view = follow(null, before);
    first.close();
    await until(() => l.viewers.stats().sockets === 0);
    for (const [id, tenant] of [
      ['a1', 'tenant-A'],
      ['b1', 'tenant-B'],
      ['a2', 'tenant-A'],
      ['b2', 'tenant-B'],
    ] as const) {
      l.hub.ingest([queued(id, '8001', tenant)]);
      l.hub.flush();
    }
    const again = l.client({ board: 'A', resume: { epoch: view?.epoch, seq: view?.seq } });
    const got = record(again);
    await until(() => got.length >= 4);
    await sleep(50);
    expect(got.map((m) => [m.type, m.seq])).toEqual([1, 2, 3, 4].map((seq) => ['patch', seq]));
    const wire = JSON.stringify(got);
    expect(wire).not.toContain('tenant-B');
    expect(wire).not.toContain('b1');
    expect((got[1] as PatchMessage).ops).toEqual([]); // B's change: an empty patch keeps the seq exact
    const fresh = createScopedView(board).snapshot(l.hub.snapshot());
    expect(follow(view, got)?.state).toEqual({ ...assemble(fresh.state), serverTime: expect.any(Number) });
  });

  it('a view built under one scope is never resumed under another: a snapshot instead', async () => {
    const board = ['tenant-A/8001'];
    link = await startLink({
      admit: (socket) => ({
        principal: { kind: 'api' },
        scope: socket.handshake.auth?.board === 'A' ? board : 'all',
      }),
    });
    const l = link;
    const everyQueue = record(l.client());
    const onBoard = record(l.client({ board: 'A' }));
    await until(() => everyQueue.length > 0 && onBoard.length > 0);
    l.hub.ingest([queued('a1', '8001', 'tenant-A'), queued('b1', '8001', 'tenant-B')]);
    l.hub.flush();
    await until(() => everyQueue.length > 1 && onBoard.length > 1);
    const scoped = follow(null, onBoard);
    const full = follow(null, everyQueue);
    expect(scoped?.epoch).not.toBe(full?.epoch);
    for (const [view, auth] of [
      [scoped, {}], // a board's view, now admitted to every queue
      [full, { board: 'A' }], // every queue's view, now admitted to one board
    ] as const) {
      const got = record(l.client({ ...auth, resume: { epoch: view?.epoch, seq: view?.seq } }));
      await until(() => got.length > 0);
      await sleep(30);
      expect(got.map((m) => m.type)).toEqual(['snapshot']);
    }
  });

  it('falls back to a snapshot for another epoch, a seq older than the ring or ahead of it', async () => {
    link = await startLink({ limits: { ring: { patches: 2, ops: 1000 } } });
    const l = link;
    const watcher = record(l.client());
    await until(() => watcher.length > 0);
    await patchesOf(l, [['a'], ['b'], ['c'], ['d']]); // the ring keeps 3 and 4
    const answerTo = async (resume: { epoch: string; seq: number }) => {
      const got = record(l.client({ resume }));
      await until(() => got.length > 0);
      await sleep(30);
      return got.map((m) => [m.type, m.seq]);
    };
    expect(await answerTo({ epoch: 'another-run', seq: 4 })).toEqual([['snapshot', 4]]);
    expect(await answerTo({ epoch: 'e1', seq: 1 })).toEqual([['snapshot', 4]]);
    expect(await answerTo({ epoch: 'e1', seq: 99 })).toEqual([['snapshot', 4]]);
    expect(await answerTo({ epoch: 'e1', seq: 2 })).toEqual([
      ['patch', 3],
      ['patch', 4],
    ]);
    expect(l.viewers.stats()).toMatchObject({ resumeFellBack: 3, resumedFromRing: 1 });
  });
});
