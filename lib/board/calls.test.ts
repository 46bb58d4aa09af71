import { describe, expect, it } from 'vitest';
import { boardCallIds, callQueueId } from './calls';

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
