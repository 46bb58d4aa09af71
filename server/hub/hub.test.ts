import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { type ClientView, receive } from '../../lib/linkClient';
import { type PatchMessage, PROTOCOL_VERSION, type ServerMessage } from '../../lib/protocol';
import { callStream, DAY_START, KNOWN_QUEUES } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { assemble } from '../../lib/wireState';
import { splitTime } from '../testing/splitTime';
import { createHub } from './hub';

/** A scheduler the test drives: timers fire only when the test moves the clock (splitTime's `pass`). */
function manualTime(start: number) {
  const time = splitTime(start);
  return { scheduler: time.scheduler, now: time.now, advance: time.pass };
}

const NOON = DAY_START + 4 * 3600_000;

function setup() {
  const time = manualTime(NOON);
  const hub = createHub({ settings: TEST_SETTINGS, now: time.now, epoch: 'e1', scheduler: time.scheduler });
  const patches: PatchMessage[] = [];
  hub.onPatch((p) => patches.push(p));
  return { hub, time, patches };
}

const queued = (id: string, at: number): DomainEvent => ({
  type: 'callerQueued',
  source: 'pbx',
  origin: 'portsip-wsi',
  tenant: 't',
  at,
  queue: { tenant: 't', number: '8001' },
  caller: { sessionId: id, kind: 'normal', since: at },
});

describe('hub', () => {
  it('sends the first change at once, then at most one patch per window, numbered from 1', () => {
    const { hub, time, patches } = setup();
    hub.ingest([queued('a', NOON)]);
    hub.ingest([queued('b', NOON)]);
    expect(patches).toHaveLength(0); // not synchronously: the rest of this turn joins the patch
    time.advance(0);
    expect(patches.map((p) => p.seq)).toEqual([1]);
    hub.ingest([queued('c', NOON)]);
    time.advance(49);
    expect(patches).toHaveLength(1); // within the window of patch 1
    hub.ingest([queued('d', NOON)]);
    time.advance(1);
    expect(patches.map((p) => p.seq)).toEqual([1, 2]);
    expect(patches[1]?.ops.find((op) => op.collection === 'queues')).toMatchObject({
      value: { today: { offered: 4 } },
    });
    time.advance(500); // quiet: the next change goes out at once again
    hub.ingest([queued('e', NOON)]);
    time.advance(0);
    expect(patches.map((p) => p.seq)).toEqual([1, 2, 3]);
    const ops = (patches[0]?.ops ?? []).filter((op) => op.collection === 'queues');
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ op: 'upsert', collection: 'queues', id: 't/8001' });
    expect((ops[0] as { value: { today: { offered: number } } }).value.today.offered).toBe(2);
    const bucket = patches[0]?.ops.find((op) => op.collection === 'buckets');
    expect(bucket).toMatchObject({
      op: 'upsert',
      value: { queue: 't/8001', bucket: 48, label: '12:00', offered: 2 },
    });
  });

  it('asks a window function before each wait: a wider window (an overloaded loop) coalesces more', () => {
    const time = manualTime(NOON);
    let window = 50;
    const hub = createHub({
      settings: TEST_SETTINGS,
      now: time.now,
      epoch: 'e1',
      scheduler: time.scheduler,
      windowMs: () => window,
    });
    const patches: PatchMessage[] = [];
    hub.onPatch((p) => patches.push(p));
    hub.ingest([queued('a', NOON)]);
    time.advance(0);
    window = 250;
    hub.ingest([queued('b', NOON)]);
    time.advance(60);
    hub.ingest([queued('c', NOON)]);
    time.advance(189);
    expect(patches).toHaveLength(1); // 50 ms would have sent b at 50
    time.advance(1);
    expect(patches).toHaveLength(2);
    expect(patches[1]?.ops.find((op) => op.collection === 'queues')).toMatchObject({
      value: { today: { offered: 3 } },
    });
  });

  it("sends an agent's change as that agent's row alone, not the queue's whole agent list", () => {
    const { hub, time, patches } = setup();
    const agent = (extension: string, state: 'ready' | 'notReady', at: number): DomainEvent => ({
      type: 'agentStateChanged',
      source: 'pbx',
      origin: 'portsip-wsi',
      tenant: 't',
      at,
      queue: { tenant: 't', number: '8001' },
      agent: { extension, state, since: at },
    });
    hub.ingest(['101', '102', '103'].map((x) => agent(x, 'ready', NOON)));
    time.advance(50);
    expect(patches[0]?.ops.filter((op) => op.collection === 'agents')).toHaveLength(3);
    hub.ingest([agent('102', 'notReady', NOON + 1000)]);
    time.advance(50);
    expect(patches[1]?.ops).toEqual([
      {
        op: 'upsert',
        collection: 'agents',
        id: 't/8001/102',
        value: {
          id: 't/8001/102',
          queue: 't/8001',
          extension: '102',
          name: null,
          state: 'notReady',
          since: NOON + 1000,
          caller: null,
          call: null,
          // Raw counters (docs/metrics.md, "Per-agent figures"): the second in Ready closed.
          today: {
            answered: 0,
            handled: 0,
            talkSeconds: 0,
            holdSeconds: 0,
            wrapSeconds: 0,
            longestTalkSeconds: 0,
            missed: null,
            stateMs: { ready: 1000, queueCall: 0, otherCall: 0, wrapUp: 0, notReady: 0 },
            countedFrom: NOON + 1000,
          },
        },
      },
    ]);
  });

  it('sends nothing when nothing visible changed (a duplicate)', () => {
    const { hub, time, patches } = setup();
    hub.ingest([queued('a', NOON)]);
    time.advance(50);
    hub.ingest([queued('a', NOON)]);
    time.advance(50);
    expect(patches.map((p) => p.seq)).toEqual([1]);
  });

  it('publishes source health with the time of its latest event, its PBX clock (on the server timeline) and the scopes it feeds', () => {
    const { hub, time, patches } = setup();
    hub.setSourceStatus({
      id: 'pbx',
      kind: 'portsip-wsi',
      status: 'resyncing',
      lastEventAt: null,
      detail: null,
    });
    hub.ingest([queued('a', NOON - 5000)]);
    time.advance(50);
    const health = { id: 'pbx', kind: 'portsip-wsi', status: 'resyncing', detail: null } as const;
    expect(patches[0]?.ops).toContainEqual({
      op: 'upsert',
      collection: 'sources',
      id: 'pbx',
      // No estimate of the PBX's clock yet: its time as it is, and nothing to say of its clock.
      value: {
        ...health,
        lastEventAt: NOON - 5000,
        clockOffsetMs: null,
        clockWarning: false,
        lastProofOfLifeAt: NOON - 5000,
        scopes: ['t'],
      },
    });
    // The PBX is found 20 s behind: beyond the default bound of 5 s, and its times move by it.
    const clock: DomainEvent = {
      type: 'sourceClockEstimated',
      source: 'pbx',
      origin: 'portsip-wsi',
      at: NOON,
      atArrival: true,
      offsetMs: 20_000,
    };
    hub.ingest([clock, queued('b', NOON - 19_000)]);
    time.advance(50);
    expect(patches[1]?.ops).toContainEqual({
      op: 'upsert',
      collection: 'sources',
      id: 'pbx',
      // A whole-second PBX stamp is put mid-second (lib/domain/clocks.ts).
      value: {
        ...health,
        lastEventAt: NOON + 1500,
        clockOffsetMs: 20_000,
        clockWarning: true,
        lastProofOfLifeAt: NOON + 1500,
        scopes: ['t'],
      },
    });
    expect(hub.snapshot().state.sources).toHaveLength(1);
  });

  it('flags a PBX clock only beyond the configured bound', () => {
    const time = manualTime(NOON);
    const hub = createHub({
      settings: TEST_SETTINGS,
      now: time.now,
      epoch: 'e1',
      scheduler: time.scheduler,
      clockWarnMs: 30_000,
    });
    hub.setSourceStatus({
      id: 'pbx',
      kind: 'portsip-wsi',
      status: 'connected',
      lastEventAt: null,
      detail: null,
    });
    const clock = (offsetMs: number): DomainEvent => ({
      type: 'sourceClockEstimated',
      source: 'pbx',
      origin: 'portsip-wsi',
      at: NOON,
      atArrival: true,
      offsetMs,
    });
    hub.ingest([clock(-20_000)]);
    expect(hub.sources()[0]).toMatchObject({ clockOffsetMs: -20_000, clockWarning: false });
    hub.ingest([clock(-31_000)]);
    expect(hub.sources()[0]).toMatchObject({ clockOffsetMs: -31_000, clockWarning: true });
  });

  it('a client that applies the snapshot and every patch holds what a fresh snapshot says', () => {
    fc.assert(
      fc.property(fc.array(callStream, { minLength: 1, maxLength: 6 }), (batches) => {
        const { hub, time } = setup();
        hub.ingest(KNOWN_QUEUES);
        time.advance(50);
        let client: ClientView | null = null;
        const deliver = (m: ServerMessage) => {
          const r = receive(client, m);
          if (r.kind === 'resync') throw new Error(r.reason);
          client = r.view;
        };
        deliver(hub.snapshot());
        hub.onPatch(deliver);
        for (const batch of batches) {
          hub.ingest(batch as DomainEvent[]);
          time.advance(50);
        }
        const fresh = hub.snapshot();
        const view = client as ClientView | null;
        expect(view?.seq).toBe(fresh.seq);
        expect({ ...view?.state, serverTime: 0 }).toEqual({ ...assemble(fresh.state), serverTime: 0 });
      }),
      { seed: 99, numRuns: 60 },
    );
  });

  it('rolls the day over at local midnight by its own timer', () => {
    const { hub, time } = setup();
    hub.ingest([queued('a', NOON)]);
    time.advance(50);
    expect(hub.snapshot().state.queues[0]?.today.offered).toBe(1);
    const midnight = Date.UTC(2026, 2, 11); // London = UTC in March before the clocks change
    time.advance(midnight - NOON + 100);
    expect(hub.snapshot().state.queues[0]?.today.offered).toBe(0);
    expect(hub.state().day.start).toBe(midnight);
  });

  it('after the roll, an agent in one state since yesterday counts time in it from today’s start', () => {
    // The agent's row did not change at midnight, but what it says does: its state counts from the
    // new day's start (the agents page showed yesterday's hours as today's before this was published).
    const { hub, time } = setup();
    hub.ingest([
      {
        type: 'agentStateChanged',
        source: 'pbx',
        origin: 'portsip-wsi',
        tenant: 't',
        at: NOON,
        queue: { tenant: 't', number: '8001' },
        agent: { extension: '101', state: 'ready', since: NOON },
      },
    ]);
    time.advance(50);
    const agentToday = () => hub.snapshot().state.agents.find((a) => a.extension === '101')?.today;
    expect(agentToday()?.countedFrom).toBe(NOON);
    const midnight = Date.UTC(2026, 2, 11);
    time.advance(midnight - NOON + 100);
    expect(hub.state().day.start).toBe(midnight);
    expect(agentToday()?.countedFrom).toBe(midnight);
  });
});

describe('receive (the client side of the protocol)', () => {
  const snapshot = (seq: number, epoch = 'e1'): ServerMessage => ({
    type: 'snapshot',
    version: PROTOCOL_VERSION,
    epoch,
    seq,
    state: {
      seq,
      serverTime: 0,
      sources: [],
      queues: [],
      agents: [],
      buckets: [],
      extensions: [],
      calls: [],
    },
  });
  const patch = (seq: number, epoch = 'e1', version = PROTOCOL_VERSION): ServerMessage => ({
    type: 'patch',
    version,
    epoch,
    seq,
    serverTime: 0,
    ops: [],
  });
  const start = (() => {
    const r = receive(null, snapshot(5));
    if (r.kind !== 'applied') throw new Error('snapshot not applied');
    return r.view;
  })();

  it('applies the next patch, ignores a repeat, and asks for a snapshot on a gap', () => {
    expect(receive(start, patch(6))).toMatchObject({ kind: 'applied', view: { seq: 6 } });
    expect(receive(start, patch(5))).toEqual({ kind: 'applied', view: start });
    expect(receive(start, patch(8))).toEqual({ kind: 'resync', reason: 'missed patches 6…7' });
  });

  it('asks for a snapshot after a server restart, a protocol change, or a patch with no snapshot', () => {
    expect(receive(start, patch(6, 'e2'))).toEqual({ kind: 'resync', reason: 'the server restarted' });
    expect(receive(start, patch(6, 'e1', 99))).toEqual({ kind: 'resync', reason: 'protocol version 99' });
    expect(receive(null, patch(1))).toEqual({ kind: 'resync', reason: 'patch before any snapshot' });
  });
});

describe('hub: day closed', () => {
  it('hands over the day’s last moment when a batch rolls the day, the events before the roll included', () => {
    const { hub, time } = setup();
    const closed: { day: string; offered: number | undefined }[] = [];
    hub.onDayClosed((s) => closed.push({ day: s.day.day, offered: s.queues.get('t/8001')?.today.offered }));
    const end = hub.state().day.end;
    // One batch across midnight, before the day timer fires: two calls of the old day, one of the new.
    hub.ingest([queued('a', end - 2000), queued('b', end - 1000), queued('c', end + 1000)]);
    expect(closed).toEqual([{ day: '2026-03-10', offered: 2 }]);
    expect(hub.state().queues.get('t/8001')?.today.offered).toBe(1);
    // The timer then finds the day rolled already: no second close.
    time.advance(end - time.now() + 5000);
    expect(closed).toHaveLength(1);
  });

  it('hands over the day at its timer, as the board last showed it', () => {
    const { hub, time } = setup();
    const closed: number[] = [];
    hub.onDayClosed((s) => closed.push(s.queues.get('t/8001')?.today.offered ?? -1));
    hub.ingest([queued('a', time.now())]);
    time.advance(hub.state().day.end - time.now());
    expect(closed).toEqual([1]);
  });
});
