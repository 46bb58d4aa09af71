import { describe, expect, it } from 'vitest';
import { boardCallIds, callAgentExtension, callAgentKey, callQueueId } from './calls';

const queues = [
  { id: 't/8001', number: '8001' },
  { id: 't/8002', number: '8002' },
  { id: 'u/8001', number: '8001' },
];
const call = (id: string, callee: string | null, queue: string | null = null) => ({ id, callee, queue });

describe('calls by queue', () => {
  it("uses the call's queue, else the queue dialled in the same scope", () => {
    expect(callQueueId(call('t/1', '8002', 't/8001'), queues)).toBe('t/8001');
    expect(callQueueId(call('t/1', '8002'), queues)).toBe('t/8002');
    expect(callQueueId(call('u/1', '8001'), queues)).toBe('u/8001');
    expect(callQueueId(call('v/1', '8001'), queues)).toBeNull();
    expect(callQueueId(call('t/1', '101'), queues)).toBeNull();
    expect(callQueueId(call('t/1', null), queues)).toBeNull();
  });

  it("lists every call on an all-queues board, else the board's queues' calls", () => {
    const calls = { 't/1': call('t/1', '8001'), 't/2': call('t/2', '101'), 'u/3': call('u/3', '8001') };
    const ids = ['t/1', 't/2', 'u/3'];
    expect(boardCallIds(ids, calls, queues, null)).toEqual(ids);
    expect(boardCallIds(ids, calls, queues, new Set(['t/8001']))).toEqual(['t/1']);
  });
});

describe('the agent on a call', () => {
  const agent = (extension: string, call: string | null) => ({
    extension,
    name: null,
    state: call ? ('queueCall' as const) : ('ready' as const),
    since: 0,
    caller: null,
    call,
  });
  const queues = [{ agents: [agent('101', null), agent('102', 't/c-7')] }, { agents: null }];

  it("is the server's answer from the call's legs when it has one", () => {
    expect(callAgentExtension({ id: 't/c-7', agent: '105' }, queues)).toBe('105');
  });

  it('else the agent a queue reports on that call', () => {
    expect(callAgentExtension({ id: 't/c-7', agent: null }, queues)).toBe('102');
    expect(callAgentExtension({ id: 't/c-8', agent: null }, queues)).toBeNull();
  });

  it("is keyed in the call's scope", () => {
    expect(callAgentKey('tenant-1/c-7', '102')).toBe('tenant-1/102');
  });
});
