import { describe, expect, it } from 'vitest';
import { stateFrom } from '../../testing/support';
import type { DomainEvent, QueueRef } from '../events';
import type { CallState, DomainState } from '../state';

/**
 * PortSIP WSI reports one call twice: its queue stay on the queue topics (by session id) and the call
 * itself on cdr_events (call_start, call_cdr; session id = call id). The live call must follow its
 * queue stay, whatever order the two topics' facts arrive in.
 */
const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0); // London winter: local = UTC
const s = (sec: number) => DAY + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const q8001 = { tenant: T, number: '8001' };
const q8002 = { tenant: T, number: '8002' };
const NOW = s(600);

const callStart = (id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callStarted',
  at: s(sec),
  callId: id,
  parties: { direction: 'inbound', caller: '07700900123', callee: '8001' },
});
const queued = (id: string, sec: number, queue: QueueRef = q8001): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at: s(sec),
  queue,
  caller: { sessionId: id, kind: 'normal', since: s(sec) },
});
const answered = (id: string, sec: number, queue: QueueRef = q8001): DomainEvent => ({
  ...wsi,
  type: 'callerAnswered',
  at: s(sec),
  queue,
  sessionId: id,
  agent: '101',
});
const left = (type: 'callerAbandoned' | 'callerOverflowed' | 'callbackScheduled', id: string, sec: number) =>
  ({ ...wsi, type, at: s(sec), queue: q8001, sessionId: id }) as DomainEvent;
const cdr = (id: string, startSec: number, endSec: number, answeredSec?: number): DomainEvent => ({
  ...wsi,
  type: 'callDetailRecorded',
  at: s(endSec),
  callId: id,
  parties: { direction: 'inbound', caller: '07700900123', callee: '8001' },
  startedAt: s(startSec),
  ...(answeredSec === undefined ? {} : { answeredAt: s(answeredSec) }),
  endedAt: s(endSec),
  legs: [],
});
const hold = (type: 'callHeld' | 'callResumed', id: string, sec: number): DomainEvent => ({
  ...wsi,
  type,
  at: s(sec),
  callId: id,
});

function call(state: DomainState, id: string): CallState {
  const c = state.calls.get(`${T}/${id}`);
  if (!c) throw new Error(`no call ${id}`);
  return c;
}
const seen = (c: CallState) => ({ phase: c.phase, queues: c.queues, answeredAt: c.answeredAt });
const reversed = (events: DomainEvent[]) => [...events].reverse();

describe('a WSI call follows its queue stay', () => {
  it('call_start → enqueue: ringing, in the queue', () => {
    const c = call(stateFrom([callStart('S', 0), queued('S', 2)], NOW), 'S');
    expect(seen(c)).toEqual({ phase: 'ringing', queues: [`${T}/8001`], answeredAt: undefined });
  });

  it('call_start → enqueue → agent_answered: connected in the queue, answered when the agent took it', () => {
    const events = [callStart('S', 0), queued('S', 2), answered('S', 12)];
    const c = call(stateFrom(events, NOW), 'S');
    expect(seen(c)).toEqual({ phase: 'connected', queues: [`${T}/8001`], answeredAt: s(12) });
    expect(seen(call(stateFrom(reversed(events), NOW), 'S'))).toEqual(seen(c));
  });

  it('an agent entering Queue Call for the session connects the call too', () => {
    const agent: DomainEvent = {
      ...wsi,
      type: 'agentStateChanged',
      at: s(12),
      queue: q8001,
      agent: { extension: '101', state: 'queueCall', since: s(12), sessionId: 'S' },
    };
    const events = [callStart('S', 0), queued('S', 2), agent];
    expect(seen(call(stateFrom(events, NOW), 'S'))).toMatchObject({ phase: 'connected', answeredAt: s(12) });
    expect(seen(call(stateFrom(reversed(events), NOW), 'S'))).toMatchObject({ phase: 'connected' });
  });

  it('abandon: the call stays ringing, linked to the queue, until the CDR ends it', () => {
    const live = [callStart('S', 0), queued('S', 2), left('callerAbandoned', 'S', 30)];
    expect(seen(call(stateFrom(live, NOW), 'S'))).toEqual({
      phase: 'ringing',
      queues: [`${T}/8001`],
      answeredAt: undefined,
    });
    const ended = [...live, cdr('S', 0, 30)];
    const c = call(stateFrom(ended, NOW), 'S');
    expect(seen(c)).toEqual({ phase: 'ended', queues: [`${T}/8001`], answeredAt: undefined });
    expect(seen(call(stateFrom(reversed(ended), NOW), 'S'))).toEqual(seen(c));
  });

  it('overflow and callback link the call without connecting it', () => {
    for (const type of ['callerOverflowed', 'callbackScheduled'] as const) {
      const c = call(stateFrom([callStart('S', 0), queued('S', 2), left(type, 'S', 30)], NOW), 'S');
      expect(seen(c)).toEqual({ phase: 'ringing', queues: [`${T}/8001`], answeredAt: undefined });
    }
  });

  it('a callback served later (agent_answered after callback) does not connect the original call', () => {
    const events = [callStart('S', 0), queued('S', 2), left('callbackScheduled', 'S', 30), answered('S', 90)];
    expect(call(stateFrom(events, NOW), 'S').phase).toBe('ringing');
  });

  it('the call created after its queue facts (out of order) picks them up from the visits', () => {
    const events = [queued('S', 2), answered('S', 12), callStart('S', 0)];
    expect(seen(call(stateFrom(events, NOW), 'S'))).toEqual({
      phase: 'connected',
      queues: [`${T}/8001`],
      answeredAt: s(12),
    });
  });

  it('never revives an ended call: a late agent_answered after the CDR leaves it ended', () => {
    const events = [callStart('S', 0), queued('S', 2), cdr('S', 0, 40, 2), answered('S', 12)];
    const c = call(stateFrom(events, NOW), 'S');
    expect(c.phase).toBe('ended');
    expect(c.queues).toEqual([`${T}/8001`]);
    // The CDR's answer time (the queue picking up) stands whichever arrived first.
    expect(seen(call(stateFrom(reversed(events), NOW), 'S'))).toEqual(seen(c));
  });

  it('a hold still shows held, whether the answer arrives before or after it', () => {
    const events = [callStart('S', 0), queued('S', 2), answered('S', 12), hold('callHeld', 'S', 20)];
    expect(call(stateFrom(events, NOW), 'S').phase).toBe('held');
    expect(call(stateFrom(reversed(events), NOW), 'S').phase).toBe('held');
    const resumed = [...events, hold('callResumed', 'S', 25)];
    expect(call(stateFrom(reversed(resumed), NOW), 'S').phase).toBe('connected');
  });

  it('a call that went on to a second queue names the queue it entered last first', () => {
    const events = [
      callStart('S', 0),
      queued('S', 2),
      left('callerOverflowed', 'S', 60),
      queued('S', 61, q8002),
      answered('S', 70, q8002),
    ];
    const c = call(stateFrom(events, NOW), 'S');
    expect(seen(c)).toEqual({ phase: 'connected', queues: [`${T}/8002`, `${T}/8001`], answeredAt: s(70) });
    expect(seen(call(stateFrom(reversed(events), NOW), 'S'))).toEqual(seen(c));
  });

  it('a queue event about another tenant’s session of the same id does not touch the call', () => {
    const other = { ...answered('S', 12), tenant: 'tenant-2', queue: { tenant: 'tenant-2', number: '8001' } };
    const c = call(stateFrom([callStart('S', 0), other], NOW), 'S');
    expect(seen(c)).toEqual({ phase: 'ringing', queues: [], answeredAt: undefined });
  });

  it('a queue named by id only links the call, and the link follows the queue when its number is learnt', () => {
    const byId = { tenant: T, id: 'Q1' };
    const snapshot: DomainEvent = {
      ...wsi,
      type: 'queueSnapshotted',
      at: s(20),
      queue: { tenant: T, id: 'Q1', number: '8001' },
      waiting: [],
      agents: [],
    };
    const events = [callStart('S', 0), queued('S', 2, byId), answered('S', 12, byId)];
    expect(call(stateFrom(events, NOW), 'S').queues).toEqual([`${T}/#Q1`]);
    const merged = stateFrom([...events, snapshot], NOW);
    expect(seen(call(merged, 'S'))).toEqual({ phase: 'connected', queues: [`${T}/8001`], answeredAt: s(12) });
    // Learnt before the call was reported: the call finds its visit under the numbered queue.
    const late = stateFrom([queued('S', 2, byId), answered('S', 12, byId), snapshot, callStart('S', 0)], NOW);
    expect(seen(call(late, 'S'))).toEqual(seen(call(merged, 'S')));
  });
});
