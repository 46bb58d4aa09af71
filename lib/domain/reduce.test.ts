import { describe, expect, it } from 'vitest';
import { queueOf, stateFrom, TEST_SETTINGS } from '../testing/support';
import type { DomainEvent } from './events';
import { reduce, rollDay, withSettings } from './reduce';
import { initialState } from './state';

const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0); // London winter: local = UTC
const s = (sec: number) => DAY + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const q8001 = { tenant: T, number: '8001' };

const queuedAt = (id: string, at: number): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at,
  queue: q8001,
  caller: { sessionId: id, kind: 'normal', since: at },
});
const queued = (id: string, sec: number) => queuedAt(id, s(sec));
const answered = (id: string, sec: number, agent?: string): DomainEvent => ({
  ...wsi,
  type: 'callerAnswered',
  at: s(sec),
  queue: q8001,
  sessionId: id,
  agent,
});

describe('reduce', () => {
  it('is pure: the input state is not changed', () => {
    const before = initialState(TEST_SETTINGS, DAY);
    const frozen = JSON.stringify(before);
    reduce(before, queued('a', 0));
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('remembers which scopes each source feeds (two PBX links, two tenants), once each', () => {
    const other: DomainEvent = {
      ...wsi,
      source: 'pbx-2',
      tenant: 'tenant-2',
      type: 'callerQueued',
      at: s(3),
      queue: { tenant: 'tenant-2', number: '8001' },
      caller: { sessionId: 'x', kind: 'normal', since: s(3) },
    };
    const state = stateFrom([queued('a', 0), queued('b', 1), other], DAY);
    expect(state.sourceScopes).toEqual({ pbx: [T], 'pbx-2': ['tenant-2'] });
  });

  it('midnight in the configured zone resets today’s figures but keeps who is waiting', () => {
    const state = stateFrom([queued('a', 0), answered('a', 10), queued('b', 20)], DAY);
    expect(queueOf(state, `${T}/8001`, s(30)).today.offered).toBe(2);
    const tomorrow = Date.UTC(2026, 0, 16, 0, 0, 1);
    const next = rollDay(state, tomorrow);
    const q = queueOf(next, `${T}/8001`, tomorrow);
    expect(q.today).toMatchObject({ offered: 0, answered: 0, serviceLevel: null, asaSeconds: null });
    expect(q.waiting?.map((c) => c.sessionId)).toEqual(['b']);
    expect(next.day.day).toBe('2026-01-16');
  });

  it('an event from tomorrow rolls the day; a straggler from yesterday then changes no figure', () => {
    const state = stateFrom([queued('a', 0)], DAY);
    const tomorrow = queuedAt('c', Date.UTC(2026, 0, 16, 8));
    const rolled = reduce(reduce(state, tomorrow), answered('a', 5));
    expect(queueOf(rolled, `${T}/8001`, Date.UTC(2026, 0, 16, 9)).today).toMatchObject({
      offered: 1,
      answered: 0,
    });
  });

  it('a queue known only by id is merged into the numbered queue when a snapshot names it', () => {
    const byId = { tenant: T, id: 'Q1' };
    const events: DomainEvent[] = [
      {
        ...wsi,
        type: 'callerQueued',
        at: s(0),
        queue: byId,
        caller: { sessionId: 'a', kind: 'normal', since: s(0) },
      },
      { ...wsi, type: 'callerAnswered', at: s(8), queue: byId, sessionId: 'a' },
      {
        ...wsi,
        type: 'queueSnapshotted',
        at: s(9),
        queue: { tenant: T, id: 'Q1', number: '8001' },
        name: 'Sales',
        waiting: [],
        agents: [],
      },
      {
        ...wsi,
        type: 'callerQueued',
        at: s(12),
        queue: byId,
        caller: { sessionId: 'b', kind: 'normal', since: s(12) },
      },
    ];
    const state = stateFrom(events, DAY);
    expect([...state.queues.keys()]).toEqual([`${T}/8001`]);
    expect(queueOf(state, `${T}/8001`, s(20)).today).toMatchObject({
      offered: 2,
      answered: 1,
      asaSeconds: 8,
    });
  });

  it('a snapshot replaces the waiting list and agents it covers', () => {
    const before = stateFrom([queued('gone', 0), queued('stays', 1)], DAY);
    const snap: DomainEvent = {
      ...wsi,
      type: 'queueSnapshotted',
      at: s(60),
      queue: q8001,
      waiting: [
        { sessionId: 'stays', kind: 'normal', since: s(1) },
        { sessionId: 'new', kind: 'callback', since: s(30) },
      ],
      agents: [{ extension: '101', state: 'ready', since: s(50) }],
    };
    const q = queueOf(reduce(before, snap), `${T}/8001`, s(61));
    expect(q.waiting?.map((c) => [c.sessionId, c.kind])).toEqual([
      ['stays', 'normal'],
      ['new', 'callback'],
    ]);
    expect(q.agents?.map((a) => a.extension)).toEqual(['101']);
    // Offered counts every caller ever seen in the queue today, the one who left unseen included.
    expect(q.today.offered).toBe(3);
  });

  it('agent facts apply in arrival order (a link is ordered; no time is compared); removal drops the agent', () => {
    const agent = (state: 'ready' | 'notReady', sec: number): DomainEvent => ({
      ...wsi,
      type: 'agentStateChanged',
      at: s(sec),
      queue: q8001,
      agent: { extension: '101', state, since: s(sec) },
    });
    // The later arrival is the later fact, whatever its time says (docs/metrics.md, "Two clocks").
    const state = stateFrom([agent('notReady', 20), agent('ready', 10)], DAY);
    expect(queueOf(state, `${T}/8001`, s(30)).agents?.[0]?.state).toBe('ready');
    const removed = reduce(state, {
      ...wsi,
      type: 'agentRemovedFromQueue',
      at: s(40),
      queue: q8001,
      extension: '101',
    });
    expect(queueOf(removed, `${T}/8001`, s(41)).agents).toEqual([]);
  });

  it('extension fields are last-writer-wins by PBX time, per field group', () => {
    const ext = { tenant: T, number: '101' };
    const state = stateFrom(
      [
        { ...wsi, type: 'extensionRegistrationChanged', at: s(20), extension: ext, online: true },
        { ...wsi, type: 'extensionRegistrationChanged', at: s(10), extension: ext, online: false },
        {
          ...wsi,
          type: 'extensionPresenceChanged',
          at: s(5),
          extension: ext,
          presence: 'away',
          note: 'lunch soon',
        },
        { ...wsi, type: 'extensionCreated', at: s(1), extension: ext, profile: { name: 'Ann' } },
      ],
      DAY,
    );
    expect(state.extensions.get(`${T}/101`)).toMatchObject({
      online: true,
      presence: 'away',
      presenceNote: 'lunch soon',
      name: 'Ann',
    });
    const deleted = reduce(state, { ...wsi, type: 'extensionDeleted', at: s(30), extension: ext });
    expect(deleted.extensions.has(`${T}/101`)).toBe(false);
  });

  it('a caller queued again after they were answered is not put back on the list', () => {
    const state = stateFrom([answered('a', 10, '101'), queued('a', 0)], DAY);
    const q = queueOf(state, `${T}/8001`, s(20));
    expect(q.waiting).toEqual([]);
    expect(q.today).toMatchObject({ offered: 1, answered: 1, asaSeconds: 10 });
  });

  it('new thresholds recount today from the visits already known', () => {
    const state = stateFrom([queued('a', 0), answered('a', 30)], DAY);
    expect(queueOf(state, `${T}/8001`, s(40)).today.serviceLevel).toBe(0);
    const relaxed = withSettings(
      state,
      { ...TEST_SETTINGS, queues: { [`${T}/8001`]: { slaSeconds: 45 } } },
      s(40),
    );
    expect(queueOf(relaxed, `${T}/8001`, s(40)).today.serviceLevel).toBe(1);
  });

  it('with a 06:00 day start, 03:00 still counts on yesterday and 06:00 starts today from zero', () => {
    const night = { ...TEST_SETTINGS, dayStartsAt: '06:00' };
    const h = (hour: number) => DAY - 9 * 3600_000 + hour * 3600_000; // local hour of DAY's date
    const state = stateFrom([queuedAt('a', h(-2)), { ...answered('a', 0), at: h(-2) + 5000 }], h(-2), night); // 22:00 the day before
    const late = reduce(reduce(state, queuedAt('b', h(3))), { ...answered('b', 0), at: h(3) + 5000 });
    expect(late.day.day).toBe('2026-01-14');
    expect(queueOf(late, `${T}/8001`, h(3) + 6000).today.offered).toBe(2);
    const morning = reduce(late, queuedAt('c', h(6)));
    expect(morning.day).toMatchObject({ day: '2026-01-15', start: h(6) });
    expect(queueOf(morning, `${T}/8001`, h(6) + 1000).today.offered).toBe(1);
  });

  it('a new day start moves the window of the visits in memory (withSettings)', () => {
    const h = (hour: number) => DAY - 9 * 3600_000 + hour * 3600_000;
    const state = stateFrom([queuedAt('a', h(3)), queuedAt('b', h(8))], h(9));
    expect(queueOf(state, `${T}/8001`, h(9)).today.offered).toBe(2);
    const moved = withSettings(state, { ...TEST_SETTINGS, dayStartsAt: '06:00' }, h(9));
    expect(moved.day.start).toBe(h(6));
    expect(queueOf(moved, `${T}/8001`, h(9)).today.offered).toBe(1);
  });

  it('SLA breach reports count once each', () => {
    const breach: DomainEvent = { ...wsi, type: 'slaBreachReported', at: s(5), queue: q8001, caller: '0770' };
    const state = stateFrom([breach, breach, { ...breach, at: s(6) }], DAY);
    expect(queueOf(state, `${T}/8001`, s(10)).today.slaBreaches).toBe(2);
  });

  it('a deleted queue disappears', () => {
    const state = stateFrom([queued('a', 0), { ...wsi, type: 'queueDeleted', at: s(5), queue: q8001 }], DAY);
    expect(state.queues.size).toBe(0);
  });

  it('records the latest PBX time per source', () => {
    const state = stateFrom([queued('a', 10), queued('b', 5)], DAY);
    expect(state.sources).toEqual({ pbx: s(10) });
  });
});

describe('agent facts without a session', () => {
  it('a repeat of the same state without a session keeps the call, so talk and wrap-up still count', () => {
    const agent = (
      state: 'queueCall' | 'wrapUp' | 'ready',
      sec: number,
      sessionId?: string,
    ): DomainEvent => ({
      ...wsi,
      type: 'agentStateChanged',
      at: s(sec),
      queue: q8001,
      agent: { extension: '101', state, since: s(sec), ...(sessionId ? { sessionId } : {}) },
    });
    const state = stateFrom(
      [
        queued('a', 0),
        agent('queueCall', 10, 'a'),
        agent('queueCall', 10), // extension_agent_status: same change, no session
        agent('wrapUp', 70),
        agent('wrapUp', 70),
        agent('ready', 85),
      ],
      DAY,
    );
    expect(queueOf(state, `${T}/8001`, s(90)).today.ahtSeconds).toBe(60 + 15);
  });
});
