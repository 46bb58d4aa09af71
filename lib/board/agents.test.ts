import { describe, expect, it } from 'vitest';
import type { AgentState } from '../domain/events';
import { ZERO } from '../domain/figures';
import { type QueueView, todayOf } from '../domain/view';
import { agentIds } from './agentOrder';
import { agentNow, notReadyReason, readyWhileOffline, sameAgent, summarizeAgents } from './agents';

const agent = (extension: string, state: AgentState, since: number, name: string | null = null) => ({
  extension,
  name,
  state,
  since,
  caller: state === 'queueCall' ? 'Mindy' : null,
});
const queue = (id: string, agents: QueueView['agents']): QueueView => ({
  id,
  name: id,
  number: null,
  queueId: null,
  waiting: [],
  agents,
  today: todayOf(ZERO, { longestWaitSeconds: 0, slaBreaches: 0 }),
});

const queues = [
  queue('t/1', [agent('100', 'ready', 50, 'Zoe'), agent('101', 'notReady', 10, 'Al')]),
  queue('t/2', [agent('100', 'queueCall', 80, 'Zoe'), agent('102', 'ready', 20, 'Bea')]),
  queue('t/3', null),
];

describe('agents', () => {
  it('one summary per extension, with every queue it sits in', () => {
    const s = summarizeAgents(queues);
    expect([...s.keys()].sort()).toEqual(['t/100', 't/101', 't/102']);
    expect(s.get('t/100')?.queues.map((m) => m.queue)).toEqual(['t/1', 't/2']);
  });

  it('most engaged state, over all queues or only some', () => {
    const zoe = summarizeAgents(queues).get('t/100');
    if (!zoe) throw new Error('no agent');
    expect(agentNow(zoe)).toMatchObject({ state: 'queueCall', since: 80, caller: 'Mindy' });
    expect(agentNow(zoe, new Set(['t/1']))).toMatchObject({ state: 'ready', since: 50 });
    expect(agentNow(zoe, new Set(['t/3']))).toBeNull();
  });

  it('sameAgent compares content', () => {
    const a = summarizeAgents(queues);
    const b = summarizeAgents(queues);
    expect(a.get('t/100')).not.toBe(b.get('t/100'));
    expect(sameAgent(a.get('t/100') as never, b.get('t/100') as never)).toBe(true);
    const changed = summarizeAgents([
      queue('t/1', [agent('100', 'wrapUp', 50, 'Zoe')]),
      queues[1] as QueueView,
    ]);
    expect(sameAgent(a.get('t/100') as never, changed.get('t/100') as never)).toBe(false);
  });

  it('filters by queue and state, sorts', () => {
    const all = summarizeAgents(queues).values();
    const list = () => summarizeAgents(queues).values();
    expect(agentIds(all, { boardQueues: null, queue: null, states: null }, 'state')).toEqual([
      't/100',
      't/102',
      't/101',
    ]);
    expect(agentIds(list(), { boardQueues: null, queue: null, states: null }, 'name')).toEqual([
      't/101',
      't/102',
      't/100',
    ]);
    expect(agentIds(list(), { boardQueues: null, queue: null, states: null }, 'timeInState')).toEqual([
      't/101',
      't/102',
      't/100',
    ]);
    expect(agentIds(list(), { boardQueues: null, queue: 't/1', states: null }, 'extension')).toEqual([
      't/100',
      't/101',
    ]);
    expect(agentIds(list(), { boardQueues: null, queue: null, states: new Set(['ready']) }, 'name')).toEqual([
      't/102',
    ]);
    // Within a board of t/1 only, Zoe is ready.
    expect(
      agentIds(list(), { boardQueues: new Set(['t/1']), queue: null, states: new Set(['ready']) }, 'name'),
    ).toEqual(['t/100']);
  });

  it('flags ready while the extension is known to be offline', () => {
    const ext = (online: boolean | null) => ({
      id: 't/100',
      number: '100',
      name: null,
      online,
      callStatus: null,
      presence: null,
      presenceNote: null,
    });
    expect(readyWhileOffline('ready', ext(false))).toBe(true);
    expect(readyWhileOffline('ready', ext(null))).toBe(false);
    expect(readyWhileOffline('ready', ext(true))).toBe(false);
    expect(readyWhileOffline('ready', undefined)).toBe(false);
    expect(readyWhileOffline('notReady', ext(false))).toBe(false);
  });

  it("gives the PBX's presence note as the reason of a Not Ready agent, and only then", () => {
    const ext = (presenceNote: string | null) => ({
      id: 't/100',
      number: '100',
      name: null,
      online: true,
      callStatus: null,
      presence: 'lunch' as const,
      presenceNote,
    });
    expect(notReadyReason('notReady', ext('Lunch'))).toBe('Lunch');
    expect(notReadyReason('notReady', ext('  '))).toBeNull();
    expect(notReadyReason('notReady', ext(null))).toBeNull();
    expect(notReadyReason('notReady', undefined)).toBeNull();
    expect(notReadyReason('ready', ext('Lunch'))).toBeNull();
  });
});
