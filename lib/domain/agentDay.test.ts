import { describe, expect, it } from 'vitest';
import { agentFiguresAt } from '../board/agentFigures';
import { queueOf, stateFrom } from '../testing/support';
import { agentAhtSeconds, agentQueueKeyOf, loggedInSeconds, stateSecondsAt } from './agentDay';
import type { AgentState, DomainEvent } from './events';
import { rollDay } from './reduce';

/** Per agent × queue counters (docs/metrics.md, "Per-agent figures"). */
const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0);
const s = (sec: number) => DAY + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const queue = (number: string) => ({ tenant: T, number });

const queued = (q: string, id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at: s(sec),
  queue: queue(q),
  caller: { sessionId: id, kind: 'normal', since: s(sec) },
});
const agent = (q: string, ext: string, state: AgentState, sec: number, sessionId?: string): DomainEvent => ({
  ...wsi,
  type: 'agentStateChanged',
  at: s(sec),
  queue: queue(q),
  agent: { extension: ext, state, since: s(sec), sessionId },
});
const key = (q: string, ext: string) => agentQueueKeyOf(`${T}/${q}`, ext);

/** 101 in 8001: ready at 0, answers A at 10, talks 60 s, wraps 15 s, ready; answers B at 100, talks 20 s. */
const morning: DomainEvent[] = [
  agent('8001', '101', 'ready', 0),
  agent('8002', '101', 'ready', 0),
  queued('8001', 'A', 5),
  agent('8001', '101', 'queueCall', 10, 'A'),
  agent('8002', '101', 'otherCall', 10),
  agent('8001', '101', 'wrapUp', 70),
  agent('8001', '101', 'ready', 85),
  agent('8002', '101', 'ready', 85),
  queued('8001', 'B', 90),
  agent('8001', '101', 'queueCall', 100, 'B'),
  agent('8001', '101', 'notReady', 120),
];

describe('per agent × queue figures', () => {
  it('credits answered, handled, talk, wrap-up and the longest talk to the agent in that queue only', () => {
    const state = stateFrom(morning, s(200));
    expect(state.agentQueueToday?.get(key('8001', '101'))).toEqual({
      answered: 2,
      handled: 2,
      talkSeconds: 80,
      holdSeconds: 0,
      wrapSeconds: 15,
      longestTalkSeconds: 60,
    });
    expect(state.agentQueueToday?.get(key('8002', '101'))).toBeUndefined();
    // The per-agent total across queues (agentsToday) agrees.
    expect(state.agentsToday.get(`${T}/101`)).toMatchObject({
      answered: 2,
      talkSeconds: 80,
      wrapSeconds: 15,
    });
  });

  it('AHT = (talk + hold + wrap-up) ÷ handled, null when nothing is handled', () => {
    expect(agentAhtSeconds({ handled: 2, talkSeconds: 80, holdSeconds: 4, wrapSeconds: 16 })).toBe(50);
    expect(agentAhtSeconds({ handled: 0, talkSeconds: 0, holdSeconds: 0, wrapSeconds: 0 })).toBeNull();
  });

  it('sums closed periods per state on one clock, each queue on its own', () => {
    const state = stateFrom(morning, s(200));
    expect(state.agentStateTime?.get(key('8001', '101'))).toEqual({
      ready: 10_000 + 15_000,
      queueCall: 60_000 + 20_000,
      otherCall: 0,
      wrapUp: 15_000,
      notReady: 0,
    });
    expect(state.agentStateTime?.get(key('8002', '101'))).toMatchObject({ ready: 10_000, otherCall: 75_000 });
  });

  it('measures PBX times against PBX times: a PBX clock minutes off changes nothing', () => {
    const offset = 7 * 60_000;
    const skewed = morning.map((e) =>
      e.type === 'agentStateChanged'
        ? { ...e, at: e.at - offset, agent: { ...e.agent, since: e.agent.since - offset } }
        : e.type === 'callerQueued'
          ? { ...e, at: e.at - offset, caller: { ...e.caller, since: e.caller.since - offset } }
          : e,
    );
    const clock: DomainEvent = {
      ...wsi,
      type: 'sourceClockEstimated',
      at: s(0),
      atArrival: true,
      offsetMs: offset,
    };
    const state = stateFrom([clock, ...skewed], s(200));
    expect(state.agentStateTime?.get(key('8001', '101'))).toEqual(
      stateFrom(morning, s(200)).agentStateTime?.get(key('8001', '101')),
    );
    expect(state.agentStateTime?.get(key('8001', '101'))?.queueCall).toBe(80_000);
  });

  it('the running state is counted by the selector from `now`, and logged-in time excludes logged out', () => {
    const state = stateFrom(morning, s(200));
    const view = queueOf(state, `${T}/8001`, s(200)).agents?.find((a) => a.extension === '101');
    expect(view?.state).toBe('notReady');
    const t = view?.today;
    if (!t) throw new Error('no figures');
    const secs = stateSecondsAt(t.stateMs, 'notReady', t.countedFrom, state.day.start, s(200));
    expect(secs).toEqual({ ready: 25, queueCall: 80, otherCall: 0, wrapUp: 15, notReady: 80 });
    expect(loggedInSeconds(secs)).toBe(200);
    expect(stateSecondsAt(t.stateMs, 'loggedOut', t.countedFrom, state.day.start, s(900)).notReady).toBe(0);
  });

  it('a removal from the queue closes the period in the last state', () => {
    const removed: DomainEvent = {
      ...wsi,
      type: 'agentRemovedFromQueue',
      at: s(150),
      queue: queue('8001'),
      extension: '101',
    };
    const state = stateFrom([...morning, removed], s(200));
    expect(state.agentStateTime?.get(key('8001', '101'))?.notReady).toBe(30_000);
  });

  it('a state held over the day start counts from the day start; the day roll resets the counters', () => {
    const lateStart = Date.UTC(2026, 0, 15, 23, 50);
    const evening = [agent('8001', '101', 'ready', (lateStart - DAY) / 1000)];
    const before = stateFrom([...morning, ...evening], s(200));
    const midnight = Date.UTC(2026, 0, 16, 0, 0);
    const rolled = rollDay(before, midnight + 1);
    expect(rolled.agentStateTime?.size ?? 0).toBe(0);
    expect(rolled.agentQueueToday?.size ?? 0).toBe(0);
    const view = queueOf(rolled, `${T}/8001`, midnight + 60_000).agents?.find((a) => a.extension === '101');
    expect(view?.today?.countedFrom).toBe(midnight);
  });

  it('repeats of the same state and start add nothing (a snapshot that repeats the list)', () => {
    const once = stateFrom(morning, s(200));
    const twice = stateFrom([...morning, agent('8001', '101', 'notReady', 120)], s(200));
    expect(twice.agentStateTime?.get(key('8001', '101'))).toEqual(
      once.agentStateTime?.get(key('8001', '101')),
    );
  });

  it('over several queues: counts add up, time in state is the longest-logged-in queue’s, missed stays unknown', () => {
    const state = stateFrom(morning, s(200));
    const rows = ['8001', '8002'].flatMap((q) => queueOf(state, `${T}/${q}`, s(200)).agents ?? []);
    const f = agentFiguresAt(rows, s(200));
    expect(f).toMatchObject({
      answered: 2,
      talkSeconds: 80,
      wrapSeconds: 15,
      ahtSeconds: 47.5,
      missed: null,
    });
    expect(f?.loggedInSeconds).toBe(200);
    expect(agentFiguresAt([{ state: 'ready' }], s(200))).toBeNull();
  });
});
