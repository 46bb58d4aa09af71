import { describe, expect, it } from 'vitest';
import { stateFrom } from '../testing/support';
import type { DomainEvent } from './events';
import { visitKeyOf } from './keys';

/**
 * The day's visits and calls are most of the replayed state (docs/benchmarks.md, "Heap of the
 * replayed day"), so their records stay compact: every visit and call has one set of fields in one
 * order (built by one literal, so V8 keeps them inside the object), a visit does not repeat its map
 * key, and what several records say alike is one shared value (strings too, which no test can
 * see: a string's identity is invisible to JavaScript). The figures are the property tests'
 * business; this checks the representation, which a later spread or an optional field would undo.
 */
const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0);
const s = (sec: number) => DAY + sec * 1000;
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const q8001 = { tenant: T, number: '8001' };
const NOW = s(3600);

const VISIT_FIELDS = [
  'queue',
  'callId',
  'kind',
  'enqueuedAt',
  'outcome',
  'outcomeAt',
  'agent',
  'reported',
  'inferred',
  'talkSeconds',
  'holdSeconds',
  'wrapSeconds',
  'lost',
];

const queued = (id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at: s(sec),
  queue: q8001,
  caller: { sessionId: id, kind: 'normal', since: s(sec), caller: '07700900123' },
});
const answered = (id: string, sec: number): DomainEvent => ({
  ...wsi,
  type: 'callerAnswered',
  at: s(sec),
  queue: q8001,
  sessionId: id,
  agent: '101',
});
/** The call's CDR: queue 8001 from `from`, agent 101 answering at `answer`, hang-up at `end`. */
const cdr = (id: string, from: number, answer: number, end: number): DomainEvent => ({
  ...wsi,
  type: 'callDetailRecorded',
  at: s(end + 1),
  callId: id,
  parties: { direction: 'inbound', caller: '07700900123', callee: '8001', did: '02079460000' },
  startedAt: s(from),
  answeredAt: s(answer),
  endedAt: s(end),
  legs: [
    { target: '8001', targetKind: 'queue', startedAt: s(from), endedAt: s(answer) },
    {
      target: '101',
      targetKind: 'extension',
      startedAt: s(answer - 1),
      answeredAt: s(answer),
      endedAt: s(end),
    },
  ],
});

describe('compact day records', () => {
  it('every visit has the same fields in the same order, whatever facts made it', () => {
    const state = stateFrom(
      [queued('a', 10), queued('b', 20), answered('b', 30), cdr('b', 20, 30, 90), queued('c', 40)],
      NOW,
    );
    expect(state.visits.size).toBe(3);
    for (const v of state.visits.values()) expect(Object.keys(v)).toEqual(VISIT_FIELDS);
  });

  it('when the CDR confirms what the queue reported, the visit keeps one ending object', () => {
    const state = stateFrom([queued('b', 20), answered('b', 30), cdr('b', 20, 30, 90)], NOW);
    const visit = state.visits.get(visitKeyOf(`${T}/8001`, 'b'));
    expect(visit?.outcome).toBe('answered');
    expect(visit?.reported).toEqual({ outcome: 'answered', at: s(30), agent: '101' });
    expect(visit?.inferred).toBe(visit?.reported);
  });

  it('every call has the same fields in the same order, from its first fact to its CDR', () => {
    const first = stateFrom([queued('b', 20), answered('b', 30)], NOW);
    const started: DomainEvent = {
      ...wsi,
      type: 'callStarted',
      at: s(20),
      callId: 'b',
      parties: { caller: '07700900123' },
    };
    const live = stateFrom([started], NOW).calls.get(`${T}/b`);
    const done = stateFrom([queued('b', 20), answered('b', 30), cdr('b', 20, 30, 90)], NOW).calls.get(
      `${T}/b`,
    );
    expect(first.visitQueues.get(`${T}/b`)).toBe(`${T}/8001`);
    expect(live && Object.keys(live)).toEqual(done && Object.keys(done));
    expect(done?.parties).toMatchObject({ caller: '07700900123', did: '02079460000' });
  });

  it('a call with no holds shares one empty record (frozen, so no call changes another’s)', () => {
    const state = stateFrom([cdr('x', 20, 30, 90), cdr('y', 40, 50, 95)], NOW);
    const x = state.calls.get(`${T}/x`);
    const y = state.calls.get(`${T}/y`);
    expect(x?.holds).toBe(y?.holds);
    expect(Object.isFrozen(x?.holds)).toBe(true);
  });
});
