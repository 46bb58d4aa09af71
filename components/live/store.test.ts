import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessage, type WireState } from '../../lib/protocol';
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
const agent = (queue: string, extension: string, state: 'ready' | 'queueCall', since = 0) => ({
  id: `${queue}/${extension}`,
  queue,
  extension,
  name: null,
  state,
  since,
  caller: null,
});
const extension = (number: string, online: boolean) => ({
  id: `t/${number}`,
  number,
  name: null,
  online,
  callStatus: null,
  presence: null,
  presenceNote: null,
});
const call = (id: string, startedAt: number) => ({
  id,
  direction: 'inbound',
  caller: '+441',
  callerName: null,
  callee: '8010',
  phase: 'connected' as const,
  startedAt,
  answeredAt: null,
  queue: null,
  agent: null,
});
const bucket = (queue: string, b: number, offered: number) => ({
  id: `${queue}/${b}`,
  queue,
  bucket: b,
  label: '09:00',
  offered,
  answered: offered,
  abandoned: 0,
  answeredWithinSla: offered,
  shortAbandoned: 0,
  overflowed: 0,
  serviceLevel: 1,
  asaSeconds: 3,
});

const wire = (over: Partial<WireState> = {}): WireState => ({
  seq: 3,
  serverTime: 10_000,
  sources: [{ id: 'portsip-wsi', kind: 'portsip-wsi', status: 'connected', lastEventAt: 9000, detail: null }],
  queues: [queue('t/a', 1), queue('t/b', 1)],
  agents: [agent('t/a', '100', 'ready'), agent('t/b', '100', 'ready'), agent('t/b', '101', 'ready')],
  buckets: [bucket('t/a', 36, 1), bucket('t/b', 37, 2)],
  extensions: [extension('100', true), extension('101', true)],
  calls: [call('t/c2', 20), call('t/c1', 10)],
  ...over,
});
const snapshot = (over: Partial<WireState> = {}, epoch = 'e', seq = 3): ServerMessage => ({
  type: 'snapshot',
  version: PROTOCOL_VERSION,
  epoch,
  seq,
  state: { ...wire(over), seq },
});
const patch = (seq: number, ops: Extract<ServerMessage, { type: 'patch' }>['ops']): ServerMessage => ({
  type: 'patch',
  version: PROTOCOL_VERSION,
  epoch: 'e',
  seq,
  serverTime: 12_000,
  ops,
});

describe('wallboard store', () => {
  it('starts connecting, with no figures to show', () => {
    const s = createWallboardStore(0).getState();
    expect(s.link).toBe('connecting');
    expect(s.view).toBeNull();
    expect(s.lastMessageAt).toBeNull();
  });

  it('a patch replaces only the queue it names: the other keeps its identity (no re-render)', () => {
    const store = createWallboardStore(0);
    expect(store.getState().receive(snapshot())).toBe(false);
    const before = store.getState();
    expect(
      store
        .getState()
        .receive(patch(4, [{ op: 'upsert', collection: 'queues', id: 't/b', value: queue('t/b', 2) }])),
    ).toBe(false);
    const after = store.getState();
    expect(after.queues['t/a']).toBe(before.queues['t/a']);
    expect(after.queues['t/b']?.today.offered).toBe(2);
    expect(after.queueIds).toBe(before.queueIds);
    expect(after.agents).toBe(before.agents);
    expect(after.extensions).toBe(before.extensions);
    expect(after.calls).toBe(before.calls);
    expect(after.buckets).toBe(before.buckets);
  });

  it('asks for a snapshot on a gap', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    expect(store.getState().receive(patch(6, []))).toBe(true);
    expect(store.getState().view?.seq).toBe(3);
  });

  it('a heartbeat at its seq proves the link live and changes nothing else; one ahead asks to catch up', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot(), 500);
    const view = store.getState().view;
    const beat = {
      type: 'heartbeat',
      version: PROTOCOL_VERSION,
      epoch: 'e',
      seq: 3,
      serverTime: 20_000,
    } as const;
    expect(store.getState().receive(beat, 10_500)).toBe(false);
    expect(store.getState().lastMessageAt).toBe(10_500);
    expect(store.getState().view).toBe(view);
    expect(store.getState().receive({ ...beat, seq: 5 }, 11_000)).toBe(true);
    expect(store.getState().lastMessageAt).toBe(10_500);
  });

  it('indexes extensions, calls (oldest first), agents and buckets', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot(), 500);
    const s = store.getState();
    expect(Object.keys(s.extensions)).toEqual(['t/100', 't/101']);
    expect(s.callIds).toEqual(['t/c1', 't/c2']);
    expect(s.agentIds).toEqual(['t/100', 't/101']);
    expect(s.agents['t/100']?.queues.map((m) => m.queue)).toEqual(['t/a', 't/b']);
    expect(s.buckets['t/b']?.map((b) => b.bucket)).toEqual([37]);
    expect(s.bucketRange).toEqual({ first: 36, last: 37 });
    expect(s.lastMessageAt).toBe(500);
    expect(s.clockOffset).toBe(9500);
    expect(s.sourceSince['portsip-wsi']).toBe(500);
  });

  it("an agent's change replaces that agent only; an extension's change that extension only", () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    const before = store.getState();
    store.getState().receive(
      patch(4, [
        { op: 'upsert', collection: 'agents', id: 't/b/101', value: agent('t/b', '101', 'queueCall', 5) },
        { op: 'upsert', collection: 'extensions', id: 't/101', value: extension('101', false) },
      ]),
    );
    const after = store.getState();
    expect(after.agents['t/100']).toBe(before.agents['t/100']);
    expect(after.agents['t/101']).not.toBe(before.agents['t/101']);
    expect(after.agents['t/101']?.queues[0]?.state).toBe('queueCall');
    expect(after.agentIds).toBe(before.agentIds);
    expect(after.extensions['t/100']).toBe(before.extensions['t/100']);
    expect(after.extensions['t/101']?.online).toBe(false);
    expect(after.queues['t/a']).toBe(before.queues['t/a']);
  });

  it('a snapshot equal to what we have keeps every identity (a reconnect re-renders nothing)', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    const before = store.getState();
    store.getState().receive(snapshot({}, 'e2', 1));
    const after = store.getState();
    expect(after.view).not.toBe(before.view);
    for (const key of [
      'queues',
      'queueIds',
      'agents',
      'agentIds',
      'extensions',
      'calls',
      'callIds',
      'buckets',
      'sources',
    ] as const)
      expect(after[key], key).toBe(before[key]);
  });

  it('a snapshot replaces only what changed', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    const before = store.getState();
    store
      .getState()
      .receive(snapshot({ queues: [queue('t/a', 1), queue('t/b', 9)], calls: [call('t/c1', 10)] }, 'e2', 1));
    const after = store.getState();
    expect(after.queues['t/a']).toBe(before.queues['t/a']);
    expect(after.queues['t/b']?.today.offered).toBe(9);
    expect(after.calls['t/c1']).toBe(before.calls['t/c1']);
    expect(after.callIds).toEqual(['t/c1']);
  });

  it('remembers the first build id and asks for a reload when another one shows up', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot({ buildId: 'b1' }));
    expect(store.getState().buildId).toBe('b1');
    store.getState().receive(snapshot({ buildId: 'b1' }, 'e', 4));
    expect(store.getState().reloadRequired).toBe(false);
    store.getState().receive(snapshot({ buildId: 'b2' }, 'e2', 1));
    expect(store.getState().reloadRequired).toBe(true);
  });

  it('a protocol this page does not speak asks for a reload', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    const newer = { ...snapshot({}, 'e2', 1), version: PROTOCOL_VERSION + 1 } as ServerMessage;
    expect(store.getState().receive(newer)).toBe(true);
    expect(store.getState().reloadRequired).toBe(true);
  });

  it('a snapshot without a build id never asks for a reload', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot());
    store.getState().receive(snapshot({}, 'e2', 1));
    expect(store.getState().buildId).toBeNull();
    expect(store.getState().reloadRequired).toBe(false);
  });

  it('tracks since when each source has its status', () => {
    const store = createWallboardStore(0);
    store.getState().receive(snapshot(), 100);
    const down = {
      id: 'portsip-wsi',
      kind: 'portsip-wsi',
      status: 'disconnected',
      lastEventAt: 9000,
      detail: null,
    };
    store
      .getState()
      .receive(patch(4, [{ op: 'upsert', collection: 'sources', id: 'portsip-wsi', value: down }]), 200);
    expect(store.getState().sourceSince['portsip-wsi']).toBe(200);
    const later = { ...down, detail: 'retrying' };
    store
      .getState()
      .receive(patch(5, [{ op: 'upsert', collection: 'sources', id: 'portsip-wsi', value: later }]), 300);
    expect(store.getState().sourceSince['portsip-wsi']).toBe(200);
  });

  it('link state and boards', () => {
    const store = createWallboardStore(0);
    store.getState().setLink('live', 5);
    store.getState().setLink('live', 9);
    expect(store.getState().linkSince).toBe(5);
    store.getState().setBoard('x', { status: 'loading' });
    expect(store.getState().boards.x).toEqual({ status: 'loading' });
    store.getState().setBoardList([{ id: 'x', name: 'X' }]);
    const list = store.getState().boardList;
    store.getState().setBoardList([{ id: 'x', name: 'X' }]);
    expect(store.getState().boardList).toBe(list);
  });
});
