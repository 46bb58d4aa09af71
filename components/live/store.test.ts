import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessage } from '../../lib/protocol';
import { createWallboardStore } from './store';

const queue = (id: string, offered: number) => ({
  id,
  number: id,
  queueId: null,
  name: null,
  waiting: [],
  agentsKnown: true,
  today: { offered } as never,
});
const snapshot: ServerMessage = {
  type: 'snapshot',
  version: PROTOCOL_VERSION,
  epoch: 'e',
  seq: 3,
  state: {
    seq: 3,
    serverTime: 0,
    sources: [],
    queues: [queue('a', 1), queue('b', 1)],
    agents: [],
    buckets: [],
    extensions: [],
    calls: [],
  },
};
const patch = (seq: number): ServerMessage => ({
  type: 'patch',
  version: PROTOCOL_VERSION,
  epoch: 'e',
  seq,
  serverTime: 0,
  ops: [{ op: 'upsert', collection: 'queues', id: 'b', value: queue('b', 2) }],
});

describe('wallboard store', () => {
  it('starts connecting, with no figures to show', () => {
    const s = createWallboardStore(0).getState();
    expect(s.link).toBe('connecting');
    expect(s.view).toBeNull();
  });

  it('a patch replaces only the queue it names: the other keeps its identity (no re-render)', () => {
    const store = createWallboardStore(0);
    expect(store.getState().receive(snapshot)).toBe(false);
    const before = store.getState();
    expect(store.getState().receive(patch(4))).toBe(false);
    const after = store.getState();
    expect(after.queues.a).toBe(before.queues.a);
    expect(after.queues.b?.today.offered).toBe(2);
    expect(after.queueIds).toBe(before.queueIds);
  });

  it('asks for a snapshot on a gap', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot);
    expect(store.getState().receive(patch(6))).toBe(true);
    expect(store.getState().view?.seq).toBe(3);
  });
});
