import { describe, expect, it } from 'vitest';
import { TEST_SETTINGS } from '../../testing/support';
import { sourceAgreements } from '../agreement';
import type { DomainEvent } from '../events';
import { reduceAll, rollDay } from '../reduce';
import { initialState } from '../state';

/** The reducer's side of cross-source agreement, on hand-made facts of one call (docs/metrics.md). */

const T0 = Date.UTC(2026, 2, 10, 9, 1, 0); // 09:01 London (GMT in March before the change)
const tenant = 't1';
const queue = { tenant, number: '8001' };
const link = { source: 'link', origin: 'portsip-wsi', tenant } as const;
const hook = { source: 'hook', origin: 'portsip-webhook', tenant, callId: 's1' } as const;

const linkFacts: DomainEvent[] = [
  { ...link, type: 'queueCreated', at: T0, atArrival: true, queue },
  { ...link, type: 'callerQueued', at: T0, queue, caller: { sessionId: 's1', kind: 'normal', since: T0 } },
];
const hookFacts: DomainEvent[] = [
  { ...hook, type: 'callStarted', at: T0 + 60_000, parties: { direction: 'inbound' } },
  { ...hook, type: 'callLegAdded', at: T0 + 60_000, leg: 'q', target: '8001', targetKind: 'unknown' },
];
// A second call, wholly within 09:15–09:30, reported by both.
const T1 = T0 + 16 * 60_000;
const second: DomainEvent[] = [
  { ...link, type: 'callerQueued', at: T1, queue, caller: { sessionId: 's2', kind: 'normal', since: T1 } },
  { ...link, type: 'callerAnswered', at: T1 + 5000, queue, sessionId: 's2', agent: '101' },
  { ...hook, callId: 's2', type: 'callLegAdded', at: T1, leg: 'q', target: '8001', targetKind: 'unknown' },
  {
    ...hook,
    callId: 's2',
    type: 'callLegAnswered',
    at: T1 + 5000,
    leg: 'a',
    target: '101',
    targetKind: 'unknown',
  },
];

describe('agreement state', () => {
  const start = initialState(TEST_SETTINGS, T0);

  it('pairs two sources of one tenant, counting from the next quarter-hour', () => {
    const s = reduceAll(start, [...linkFacts, ...hookFacts]);
    expect(s.agreement?.scopes).toEqual({ [tenant]: true });
    expect(s.agreement?.slots).toEqual({ hook: 0, link: 1 });
    expect(s.agreement?.from).toEqual({ hook: 37, link: 37 }); // paired in 09:00–09:15 (bucket 36)
  });

  it('counts a stay once per source, however often a source repeats it', () => {
    const once = reduceAll(start, [...linkFacts, ...hookFacts, ...second]);
    const twice = reduceAll(once, [...second, ...second]);
    expect(twice.agreement?.counts.toJS()).toEqual(once.agreement?.counts.toJS());
    const row = once.agreement?.counts.get('t1/8001|37');
    // hook [offered, answered, unanswered], then link: both saw s2 enter and be answered at 09:16.
    expect(row?.slice(0, 6)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(sourceAgreements(once, T0 + 60 * 60_000).hook).toEqual({
      comparedWith: 'link',
      bucketsCompared: 2,
      bucketsDisagreeing: 0,
    });
  });

  it('starts a new day empty, the pairs kept and compared from its first quarter-hour', () => {
    const s = reduceAll(start, [...linkFacts, ...hookFacts, ...second]);
    const next = rollDay(s, s.day.end + 1000);
    expect(next.agreement?.counts.size).toBe(0);
    expect(next.agreement?.marks.size).toBe(0);
    expect(next.agreement?.from).toEqual({ hook: 0, link: 0 });
    expect(next.agreement?.slots).toEqual(s.agreement?.slots);
    // Nothing reported the whole next morning: every quarter-hour agrees, 0 = 0.
    const read = sourceAgreements(next, next.day.start + 60 * 60_000 + 2 * 60_000);
    expect(read.hook).toEqual({ comparedWith: 'link', bucketsCompared: 4, bucketsDisagreeing: 0 });
  });

  it('compares a queue only between sources that both feed it (a link following some queues only)', () => {
    // The hook also reports queue 8002, which the link does not follow: never a disagreement.
    const other: DomainEvent[] = [
      { ...link, type: 'queueCreated', at: T0, atArrival: true, queue: { tenant, number: '8002' } },
      {
        ...hook,
        callId: 's3',
        type: 'callLegAdded',
        at: T1,
        leg: 'q',
        target: '8002',
        targetKind: 'unknown',
      },
    ];
    const s = reduceAll(start, [...linkFacts, ...hookFacts, ...second, ...other]);
    expect(s.agreement?.counts.get('t1/8002|37')?.slice(0, 6)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(s.agreement?.fed).toEqual({ 't1/8001': 0b11, 't1/8002': 0b01 });
    expect(sourceAgreements(s, T0 + 60 * 60_000).hook).toEqual({
      comparedWith: 'link',
      bucketsCompared: 2,
      bucketsDisagreeing: 0,
    });
  });
});
