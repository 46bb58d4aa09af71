import { describe, expect, it } from 'vitest';
import type { QueueView } from '../domain/view';
import {
  ambiguousQueueIds,
  boardQueueIds,
  boardQueues,
  missingQueues,
  queueLabel,
  scopeOfKey,
  splitLabelSuffix,
} from './queues';

const q = (id: string, name: string | null, number: string | null = null): QueueView => ({
  id,
  name,
  number,
  queueId: null,
  waiting: [],
  agents: [],
  today: {} as QueueView['today'],
});

describe('boardQueues', () => {
  const views = [
    q('t/8011', 'Sales'),
    q('t/8010', null, '8010'),
    q('t/8002', 'Support'),
    q('t/8100', 'sales 2'),
  ];

  it('"all": every queue, by label, numbers in numeric order', () => {
    expect(boardQueues({ queues: 'all' }, views).map((v) => v.id)).toEqual([
      't/8010',
      't/8011',
      't/8100',
      't/8002',
    ]);
  });

  it('a list keeps its order, skips unknown and repeated ids', () => {
    expect(boardQueues({ queues: ['t/8002', 'nope', 't/8010', 't/8002'] }, views).map((v) => v.id)).toEqual([
      't/8002',
      't/8010',
    ]);
    expect(missingQueues({ queues: ['t/8002', 'nope', 'nope'] }, views)).toEqual(['nope']);
    expect(missingQueues({ queues: 'all' }, views)).toEqual([]);
  });

  it('works over the store shape', () => {
    const record = Object.fromEntries(views.map((v) => [v.id, v]));
    expect(boardQueueIds({ queues: ['t/8100', 't/8011'] }, Object.keys(record), record)).toEqual([
      't/8100',
      't/8011',
    ]);
  });

  it('finds queues that share a label', () => {
    expect(
      ambiguousQueueIds([
        q('3cx/8001', null, '8001'),
        q('vs/8001', null, '8001'),
        q('t/8001', 'Sales', '8001'),
      ]),
    ).toEqual(['3cx/8001', 'vs/8001']);
  });

  it('labels and scopes', () => {
    expect(queueLabel(q('a/1', null, null))).toBe('a/1');
    expect(queueLabel(q('a/1', null, '1'))).toBe('1');
    expect(scopeOfKey('tenant-1/8010')).toBe('tenant-1');
    expect(scopeOfKey('3cx/#42')).toBe('3cx');
    expect(scopeOfKey('x')).toBe('');
  });
});

describe('splitLabelSuffix', () => {
  it('takes a trailing parenthesised part apart from the name', () => {
    expect(splitLabelSuffix('Sales (PortSIP webhook)')).toEqual({ main: 'Sales', suffix: 'PortSIP webhook' });
    expect(splitLabelSuffix('Sales(3CX)')).toEqual({ main: 'Sales', suffix: '3CX' });
  });
  it('leaves a name without one, or with one elsewhere, whole', () => {
    expect(splitLabelSuffix('Billing')).toEqual({ main: 'Billing', suffix: null });
    expect(splitLabelSuffix('(VIP) Sales')).toEqual({ main: '(VIP) Sales', suffix: null });
    expect(splitLabelSuffix('(3CX)')).toEqual({ main: '(3CX)', suffix: null });
  });
});
