import { describe, expect, it } from 'vitest';
import { stateFrom } from '../../testing/support';
import type { CdrLeg, DomainEvent, LegEvent } from '../events';
import type { DomainState } from '../state';

/**
 * PBX timestamps have whole seconds, so facts of one second arrive in either order and their times
 * tie. A PortSIP WSI connector sees one call twice: its queue stay on the queue topics and its call
 * targets on cdr_events (same session id). These pin what docs/metrics.md defines for two ties:
 *
 *  1. the overflow target answers in the same second as the overflow → overflowed, not answered;
 *  2. the caller hangs up in the same second the queue starts ringing an agent → abandoned (short
 *     abandoned when within the threshold), not overflowed.
 *
 * Events are shaped as lib/sources/portsip produces them (CDR targets: kind "unknown", start = ring
 * time, "0" times omitted; live targets: the destination URI as the leg). Every test feeds every
 * arrival order of its events.
 */
const T = 'tenant-1';
const DAY = Date.UTC(2026, 0, 15, 9, 0); // London winter: local = UTC
const s = (sec: number) => DAY + sec * 1000;
const NOW = s(3600);
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const hook = { source: 'portsip-hook', origin: 'portsip-webhook', tenant: T } as const;
type Base = typeof wsi | typeof hook;
const q8001 = { tenant: T, number: '8001' };
const q8002 = { tenant: T, number: '8002' };
const ID = '690852418417594368';

const callStart = (sec: number, base: Base = wsi): DomainEvent => ({
  ...base,
  type: 'callStarted',
  at: s(sec),
  callId: ID,
  parties: { direction: 'inbound', caller: '07700900123', callee: '8001' },
});
const queued = (sec: number, queue = q8001): DomainEvent => ({
  ...wsi,
  type: 'callerQueued',
  at: s(sec),
  queue,
  caller: { sessionId: ID, caller: '07700900123', kind: 'normal', since: s(sec) },
});
const answered = (sec: number, agent: string, queue = q8001): DomainEvent => ({
  ...wsi,
  type: 'callerAnswered',
  at: s(sec),
  queue,
  sessionId: ID,
  agent,
});
const left = (type: 'callerAbandoned' | 'callerOverflowed', sec: number): DomainEvent => ({
  ...wsi,
  type,
  at: s(sec),
  queue: q8001,
  sessionId: ID,
});
/** A PortSIP webhook-only installation never names its queues in a CDR: they are configured. */
const known = (queue: typeof q8001): DomainEvent => ({
  ...hook,
  type: 'queueCreated',
  at: s(0),
  queue,
});

const leg = (target: string, start: number, answeredAt: number | undefined, end: number, reason: string) =>
  ({
    target,
    targetKind: 'unknown',
    startedAt: s(start),
    ringAt: s(start),
    ...(answeredAt === undefined ? {} : { answeredAt: s(answeredAt) }),
    endedAt: s(end),
    endReason: reason,
    statusCode: 0,
    callType: 'normal_call',
  }) satisfies CdrLeg;

const cdr = (start: number, end: number, legs: CdrLeg[], base: Base = wsi): DomainEvent => {
  const answers = legs.flatMap((l) => (l.answeredAt === undefined ? [] : [l.answeredAt]));
  return {
    ...base,
    type: 'callDetailRecorded',
    at: s(end),
    callId: ID,
    parties: { direction: 'inbound', caller: '07700900123', callee: '8001' },
    startedAt: s(start),
    ...(answers.length > 0 ? { answeredAt: Math.min(...answers) } : {}),
    endedAt: s(end),
    endReason: 'caller_disconnected',
    statusCode: 0,
    legs,
  };
};

/** A live cdr_target_* event as normalizeCdrEvent makes it. */
const target = (type: LegEvent['type'], number: string, sec: number, base: Base = wsi): DomainEvent =>
  ({
    ...base,
    type,
    at: s(sec),
    callId: ID,
    leg: `sip:${number}@pbx.example.com:5060`,
    target: number,
    targetKind: 'unknown',
  }) as LegEvent;

function permutations<E>(items: readonly E[]): E[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const COUNTS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'overflowed',
  'answeredWithinSla',
] as const;
const counts = (state: DomainState, queue: string) => {
  const q = state.queues.get(`${T}/${queue}`);
  return Object.fromEntries(COUNTS.map((k) => [k, q?.today[k]]));
};
const agentsWhoAnswered = (state: DomainState) =>
  [...state.agentsToday.entries()].filter(([, f]) => f.answered > 0).map(([k]) => k);

/**
 * Every arrival order of `events` (after `setup`), and each order delivered twice over (webhooks come
 * at least once), gives `expected` for every queue named in it and the same agents with an answer.
 */
function everyOrder(
  events: readonly DomainEvent[],
  expected: Record<string, Partial<Record<(typeof COUNTS)[number], number>>>,
  answeredBy: string[],
  setup: readonly DomainEvent[] = [],
) {
  const orders = permutations(events);
  for (const order of orders) {
    const label = order.map((e) => `${e.type}@${(e.at - DAY) / 1000}`).join(' → ');
    for (const stream of [order, [...order, ...order]]) {
      const state = stateFrom([...setup, ...stream], NOW);
      for (const [queue, want] of Object.entries(expected)) {
        expect(counts(state, queue), `${queue}: ${label}`).toMatchObject(want);
      }
      expect(agentsWhoAnswered(state).sort(), label).toEqual(answeredBy.map((a) => `${T}/${a}`).sort());
    }
  }
  return orders.length;
}

const OVERFLOWED = { offered: 1, answered: 0, abandoned: 0, shortAbandoned: 0, overflowed: 1 };

describe('tie 1: the overflow target answers in the same second as the overflow → overflowed', () => {
  it('WSI overflow + cdr_events CDR whose voicemail target answered in that second', () => {
    const events = [
      callStart(0),
      queued(1),
      left('callerOverflowed', 121),
      cdr(0, 150, [
        leg('8001', 1, 1, 121, 'referred'),
        leg('101', 30, undefined, 45, 'None'), // rang out while the caller waited
        leg('9000', 121, 121, 150, 'caller_disconnected'), // voicemail picks up at once
      ]),
    ];
    expect(everyOrder(events, { '8001': OVERFLOWED }, [])).toBe(24);
  });

  it('WSI overflow + live cdr_target events (target answered in the overflow second)', () => {
    const events = [
      queued(1),
      left('callerOverflowed', 121),
      target('callLegAdded', '8001', 1),
      target('callLegEnded', '8001', 121),
      target('callLegAdded', '9000', 121),
      target('callLegAnswered', '9000', 121),
    ];
    everyOrder(events, { '8001': OVERFLOWED }, []);
  });

  it('WSI: overflow to a second queue, which picks up at once (music on hold) and is answered there', () => {
    const events = [
      queued(1),
      left('callerOverflowed', 121),
      queued(121, q8002),
      answered(130, '102', q8002),
      cdr(0, 200, [
        leg('8001', 1, 1, 121, 'referred'),
        leg('8002', 121, 121, 130, 'referred'),
        leg('102', 125, 130, 200, 'None'),
      ]),
    ];
    everyOrder(
      events,
      { '8001': OVERFLOWED, '8002': { offered: 1, answered: 1, answeredWithinSla: 1, overflowed: 0 } },
      ['102'],
    );
  });

  it('PortSIP webhooks only: the second queue picking up in the overflow second is no agent answer', () => {
    const events = [
      callStart(0, hook),
      target('callLegAdded', '8001', 1, hook),
      target('callLegEnded', '8001', 121, hook),
      target('callLegAdded', '8002', 121, hook),
      target('callLegAnswered', '8002', 121, hook),
      cdr(
        0,
        200,
        [
          leg('8001', 1, 1, 121, 'referred'),
          leg('8002', 121, 121, 130, 'referred'),
          leg('102', 125, 130, 200, 'None'),
        ],
        hook,
      ),
    ];
    everyOrder(
      events,
      { '8001': OVERFLOWED, '8002': { offered: 1, answered: 1, overflowed: 0 } },
      ['102'],
      [known(q8001), known(q8002)],
    );
  });

  it('still answered: an agent answering in the second the queue hands the call over (seed 000)', () => {
    const events = [
      queued(1),
      answered(12, '103'),
      cdr(0, 20, [
        leg('8001', 1, 1, 12, 'referred'),
        leg('102', 2, undefined, 12, 'None'),
        leg('103', 2, 12, 20, 'None'),
      ]),
    ];
    everyOrder(events, { '8001': { offered: 1, answered: 1, answeredWithinSla: 1, overflowed: 0 } }, ['103']);
  });
});

describe('tie 2: the caller hangs up in the same second an agent starts ringing → abandoned', () => {
  const hangUpAt = (sec: number) => [
    callStart(0),
    queued(1),
    left('callerAbandoned', sec),
    cdr(0, sec, [
      leg('8001', 1, 1, sec, 'caller_disconnected'),
      leg('101', sec, undefined, sec, 'cancelled'), // the queue rang 101 in the hang-up second
    ]),
  ];

  it('WSI hangup + cdr_events CDR, within the short-abandon seconds → short abandoned', () => {
    const want = { offered: 1, answered: 0, abandoned: 1, shortAbandoned: 1, overflowed: 0 };
    expect(everyOrder(hangUpAt(4), { '8001': want }, [])).toBe(24);
  });

  it('WSI hangup + cdr_events CDR, after the short-abandon seconds → abandoned, not short', () => {
    const want = { offered: 1, answered: 0, abandoned: 1, shortAbandoned: 0, overflowed: 0 };
    everyOrder(hangUpAt(40), { '8001': want }, []);
  });

  it('WSI hangup + live cdr_target events', () => {
    const events = [
      queued(1),
      left('callerAbandoned', 4),
      target('callLegAdded', '8001', 1),
      target('callLegRinging', '101', 4),
      target('callLegEnded', '8001', 4),
      target('callLegNotAnswered', '101', 4),
    ];
    everyOrder(events, { '8001': { abandoned: 1, shortAbandoned: 1, overflowed: 0 } }, []);
  });

  it('PortSIP webhooks only (the queue leg ended and the call did not continue elsewhere)', () => {
    const events = [
      callStart(0, hook),
      target('callLegAdded', '8001', 1, hook),
      target('callLegRinging', '101', 4, hook),
      target('callLegEnded', '8001', 4, hook),
      target('callLegNotAnswered', '101', 4, hook),
      cdr(
        0,
        4,
        [leg('8001', 1, 1, 4, 'caller_disconnected'), leg('101', 4, undefined, 4, 'cancelled')],
        hook,
      ),
    ];
    const want = { offered: 1, answered: 0, abandoned: 1, shortAbandoned: 1, overflowed: 0 };
    everyOrder(events, { '8001': want }, [], [known(q8001)]);
  });

  it('still overflowed: a target started in the queue leg’s last second that rings on after it', () => {
    const events = [
      callStart(0, hook),
      target('callLegAdded', '8001', 1, hook),
      target('callLegEnded', '8001', 121, hook),
      target('callLegAdded', '9000', 121, hook),
      target('callLegNotAnswered', '9000', 141, hook),
    ];
    everyOrder(events, { '8001': OVERFLOWED }, [], [known(q8001)]);
  });
});
