import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { agentsByState, liveCalls } from '../domain/view';
import { readWsiFrame } from '../sources/portsip/wsi';
import { queueOf, stateFrom } from '../testing/support';

/** A morning in queue 8001 as PortSIP WSI frames. Times are seconds after 09:00 UTC (= London, March). */
const TENANT = '676398719834259456';
const QUEUE_ID = '677046776364007424';
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0) / 1000;
const ts = (s: number) => String(T0 + s);
const NOW = (T0 + 300) * 1000;

const callerFrame = (session: string, reason: string, s: number, type = 'normal') => ({
  at: s,
  frame: {
    event_type: 'queue_caller_status',
    tenant_id: TENANT,
    queue_id: QUEUE_ID,
    updated_callers: [
      { session_id: session, caller_number: `0770000${session}`, reason, timestamp: ts(s), type },
    ],
  },
});
const agentFrame = (ext: string, state: string, s: number, session?: string) => ({
  at: s,
  frame: {
    event_type: 'queue_agent_status',
    tenant_id: TENANT,
    queue_id: QUEUE_ID,
    updated_agents: [{ agent_extension_number: ext, state, timestamp: ts(s), session_id: session }],
  },
});
const breachFrame = (s: number) => ({
  at: s,
  frame: {
    event_type: 'queue_sla_breached',
    tenant_id: TENANT,
    queue_id: QUEUE_ID,
    caller: '0770000E',
    total_callers_breached: 1,
    sla_time_secs: 90,
    waiting_callers: 3,
    timestamp: ts(s),
  },
});

const frames = [
  {
    at: 0,
    frame: {
      event_type: 'queue_status',
      tenant_id: TENANT,
      queue_id: QUEUE_ID,
      queue_number: '8001',
      queue_name: 'Sales Department',
      waiting_list: [],
      agents: [
        { state: 'READY', agent_extension_number: '101', timestamp: ts(-600) },
        { state: 'Ready', agent_extension_number: '102', timestamp: ts(-600) },
        { state: 'Not Ready', agent_extension_number: '103', timestamp: ts(-600) },
      ],
    },
  },
  callerFrame('A', 'enqueue', 10),
  agentFrame('101', 'QUEUE_CALL', 20, 'A'),
  callerFrame('A', 'agent_answered', 20), // 10 s: inside the 20 s SLA
  callerFrame('B', 'enqueue', 30),
  callerFrame('B', 'hangup', 33), // 3 s: short abandon
  callerFrame('C', 'enqueue', 40),
  callerFrame('D', 'enqueue', 50),
  callerFrame('E', 'enqueue', 60),
  callerFrame('F', 'enqueue', 70),
  agentFrame('101', 'WRAP_UP', 80), // 101 talked 60 s
  agentFrame('102', 'QUEUE_CALL', 85, 'C'),
  callerFrame('C', 'agent_answered', 85), // 45 s: outside the SLA
  agentFrame('101', 'READY', 95), // 15 s wrap-up
  callerFrame('F', 'callback', 100, 'callback'),
  callerFrame('D', 'hangup', 110), // 60 s: abandoned
  callerFrame('E', 'overflow', 150),
  breachFrame(150),
  breachFrame(150), // the same report twice
  agentFrame('102', 'READY', 185), // 102 talked 100 s, no wrap-up
  callerFrame('G', 'enqueue', 200),
  callerFrame('A', 'agent_answered', 20), // a duplicate
];

function events(list: readonly { at: number; frame: object }[]): DomainEvent[] {
  return list.flatMap(({ at, frame }) => {
    const r = readWsiFrame(JSON.stringify(frame), { source: 'pbx', receivedAt: (T0 + at) * 1000 });
    if (r.kind !== 'event' || !r.result.ok) throw new Error(`frame at ${at} not accepted`);
    return r.result.events;
  });
}

describe('a WSI queue day: every figure', () => {
  const state = stateFrom(events(frames), NOW);
  const q = queueOf(state, `${TENANT}/8001`, NOW);

  it('counts offered, answered, abandoned, short abandoned, overflowed and callbacks', () => {
    expect(q.today).toMatchObject({
      offered: 7,
      answered: 2,
      abandoned: 2,
      shortAbandoned: 1,
      overflowed: 1,
      callbacks: 1,
      answeredWithinSla: 1,
      slaBreaches: 1,
    });
  });

  it('derives service level, abandon rate, ASA, AHT and longest wait by their definitions', () => {
    expect(q.today.serviceLevel).toBe(1 / (2 + 2 - 1 + 1));
    expect(q.today.abandonRate).toBe(2 / 7);
    expect(q.today.asaSeconds).toBe((10 + 45) / 2);
    expect(q.today.ahtSeconds).toBe((60 + 15 + 100) / 2);
    // G has waited since +200 s; F waits for a callback and is not on hold.
    expect(q.today.longestWaitSeconds).toBe(100);
  });

  it('keeps the live lists: waiting callers (callback apart) and agent states', () => {
    expect(q.name).toBe('Sales Department');
    expect(q.waiting?.map((c) => [c.sessionId, c.kind])).toEqual([
      ['F', 'callback'],
      ['G', 'normal'],
    ]);
    expect(q.agents?.map((a) => [a.extension, a.state])).toEqual([
      ['101', 'ready'],
      ['102', 'ready'],
      ['103', 'notReady'],
    ]);
    expect(agentsByState([...state.queues.values()])).toMatchObject({ ready: 2, notReady: 1, queueCall: 0 });
  });

  it('gives per-agent figures', () => {
    expect(state.agentsToday.get(`${TENANT}/101`)).toMatchObject({
      answered: 1,
      talkSeconds: 60,
      wrapSeconds: 15,
    });
    expect(state.agentsToday.get(`${TENANT}/102`)).toMatchObject({
      answered: 1,
      talkSeconds: 100,
      wrapSeconds: 0,
    });
  });

  it('a reconnect replays the same snapshot and caller facts without counting anything twice', () => {
    const again = stateFrom(
      [...events(frames), ...events(frames.filter((f) => f.frame.event_type !== 'queue_agent_status'))],
      NOW,
    );
    expect(queueOf(again, `${TENANT}/8001`, NOW).today).toEqual(q.today);
  });
});

/**
 * The same morning with the cdr_events topic too, as the built-in simulator sends it: call_start when
 * the caller arrives, call_cdr when the call ends (the queue target answered at once for music on
 * hold, the agent's target when the agent took the call). The session id is the call id.
 */
const callStart = (session: string, s: number) => ({
  at: s,
  frame: {
    event_type: 'call_start',
    call_id: `sip-${session}`,
    callee: '8001',
    caller: `0770000${session}`,
    session_id: session,
    tenant_id: TENANT,
    direction: 'in',
    time: ts(s),
  },
});
const target = (callee: string, start: number, answered: number | null, ended: number) => ({
  callee,
  destination: `sip:${callee}@demo.callboard.local`,
  start_time: ts(start),
  ring_time: ts(start),
  answered_time: answered === null ? '0' : ts(answered),
  ended_time: ts(ended),
  status_code: 0,
});
const callCdr = (session: string, start: number, ended: number, agent?: { ext: string; at: number }) => ({
  at: ended,
  frame: {
    event_type: 'call_cdr',
    call_id: `sip-${session}`,
    session_id: session,
    tenant_id: TENANT,
    caller: `0770000${session}`,
    callee: '8001',
    direction: 'in',
    start_time: ts(start),
    answered_time: ts(start),
    ended_time: ts(ended),
    call_targets: [
      target('8001', start, start, agent?.at ?? ended),
      ...(agent ? [target(agent.ext, agent.at, agent.at, ended)] : []),
    ],
  },
});

const withCdrs = [
  ...frames,
  ...Object.entries({ A: 10, B: 30, C: 40, D: 50, E: 60, F: 70, G: 200 }).map(([id, s]) => callStart(id, s)),
  callCdr('A', 10, 80, { ext: '101', at: 20 }),
  callCdr('B', 30, 33),
  callCdr('F', 70, 100), // the caller asked for a callback and hung up
  callCdr('D', 50, 110),
].sort((a, b) => a.at - b.at);

describe('a WSI queue day with cdr_events: the live calls', () => {
  const TODAY = (T0 + 130) * 1000; // C talks to 102, E still queued, G not yet arrived
  const at130 = withCdrs.filter((f) => f.at <= 130);
  const view = (list: typeof withCdrs) =>
    liveCalls(stateFrom(events(list), TODAY)).map((c) => ({
      id: c.key,
      phase: c.phase,
      queue: c.queues[0] ?? null,
      answeredAt: c.answeredAt,
    }));

  const live130 = [
    { id: `${TENANT}/C`, phase: 'connected', queue: `${TENANT}/8001`, answeredAt: (T0 + 85) * 1000 },
    { id: `${TENANT}/E`, phase: 'ringing', queue: `${TENANT}/8001`, answeredAt: undefined },
  ];

  it('a caller an agent answered is connected in the queue; one still queued rings in it', () => {
    expect(view(at130)).toEqual(live130);
  });

  it('calls ended by their CDR are gone: answered (A), abandoned (B, D), callback requested (F)', () => {
    const state = stateFrom(events(withCdrs), NOW);
    for (const id of ['A', 'B', 'D', 'F']) {
      const c = state.calls.get(`${TENANT}/${id}`);
      expect(c).toMatchObject({ phase: 'ended', queues: [`${TENANT}/8001`] });
    }
    expect(view(withCdrs).map((c) => [c.id, c.phase])).toEqual([
      [`${TENANT}/C`, 'connected'],
      [`${TENANT}/E`, 'ringing'], // overflowed to voicemail: no agent answered, its CDR not yet here
      [`${TENANT}/G`, 'ringing'],
    ]);
  });

  it('the figures are those of the queue topics alone: the CDRs agree with them', () => {
    const q = queueOf(stateFrom(events(withCdrs), NOW), `${TENANT}/8001`, NOW);
    expect(q.today).toMatchObject({ offered: 7, answered: 2, abandoned: 2, overflowed: 1, callbacks: 1 });
  });

  it('the topics in the opposite order give the same calls', () => {
    expect(view([...at130].reverse())).toEqual(live130);
  });
});
