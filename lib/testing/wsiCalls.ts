import fc from 'fast-check';
import type { CdrLeg, DomainEvent, QueueRef } from '../domain/events';
import { DAY_START } from './callStreams';

/**
 * Test support: PortSIP WSI calls as a connector subscribed to both the queue topics and cdr_events
 * sees them: call_start, the caller's queue stay by session id (= call id), and the final call_cdr
 * unless the call is still going (then it must show live: ringing while queued, connected once an
 * agent answered). Queues 8001/8002 of tenant-a, as KNOWN_QUEUES.
 */

const TENANT = 'tenant-a';
const base = { source: 'wsi', origin: 'portsip-wsi', tenant: TENANT } as const;

interface WsiCall {
  readonly id: string;
  readonly queue: string;
  /** Overflowed callers go on to this queue and are answered there (a second stay of one call). */
  readonly next: string;
  readonly start: number;
  readonly wait: number;
  readonly outcome: 'waiting' | 'answered' | 'abandoned' | 'overflowed' | 'callback';
  readonly agent: string;
  readonly talk: number;
  readonly ended: boolean;
}

const call = fc.record({
  queue: fc.constantFrom('8001', '8002'),
  start: fc.integer({ min: 0, max: 8 * 3600 }),
  wait: fc.integer({ min: 1, max: 120 }),
  outcome: fc.constantFrom('waiting', 'answered', 'answered', 'abandoned', 'overflowed', 'callback'),
  agent: fc.constantFrom('101', '102', '103', '104'),
  talk: fc.integer({ min: 1, max: 600 }),
  ended: fc.boolean(),
});

const queueRef = (number: string): QueueRef => ({ tenant: TENANT, number });

function cdr(c: WsiCall, t0: number, legs: readonly CdrLeg[], end: number): DomainEvent {
  return {
    ...base,
    type: 'callDetailRecorded',
    callId: c.id,
    at: end,
    parties: { direction: 'inbound', caller: `07${c.id}`, callee: c.queue },
    startedAt: t0,
    // The queue picks up at once (music on hold): the CDR's answer time is the call's start.
    answeredAt: t0 + 1000,
    endedAt: end,
    legs,
  };
}

function factsOf(c: WsiCall): DomainEvent[] {
  const t0 = DAY_START + c.start * 1000;
  const t1 = t0 + c.wait * 1000;
  const tEnd = t1 + c.talk * 1000;
  const q = queueRef(c.queue);
  const sessionId = c.id;
  const out: DomainEvent[] = [
    {
      ...base,
      type: 'callStarted',
      at: t0,
      callId: c.id,
      parties: { direction: 'inbound', callee: c.queue },
    },
    {
      ...base,
      type: 'callerQueued',
      at: t0 + 1000,
      queue: q,
      caller: { sessionId, caller: `07${c.id}`, kind: 'normal', since: t0 + 1000 },
    },
  ];
  const queueLeg = {
    target: c.queue,
    targetKind: 'unknown',
    startedAt: t0 + 1000,
    answeredAt: t0 + 1000,
  } as const;
  const agentLeg = { target: c.agent, targetKind: 'unknown', startedAt: t1 - 500 } as const;
  switch (c.outcome) {
    case 'waiting':
      return out;
    case 'answered':
      out.push({ ...base, type: 'callerAnswered', at: t1, queue: q, sessionId, agent: c.agent });
      if (c.ended)
        out.push(
          cdr(
            c,
            t0,
            [
              { ...queueLeg, endedAt: t1 },
              { ...agentLeg, answeredAt: t1, endedAt: tEnd },
            ],
            tEnd,
          ),
        );
      return out;
    case 'overflowed': {
      const next = queueRef(c.next);
      out.push(
        { ...base, type: 'callerOverflowed', at: t1, queue: q, sessionId },
        {
          ...base,
          type: 'callerQueued',
          at: t1,
          queue: next,
          caller: { sessionId, kind: 'normal', since: t1 },
        },
        { ...base, type: 'callerAnswered', at: t1 + 5000, queue: next, sessionId, agent: c.agent },
      );
      return out;
    }
    default: {
      const type = c.outcome === 'abandoned' ? 'callerAbandoned' : 'callbackScheduled';
      out.push({ ...base, type, at: t1, queue: q, sessionId });
      if (c.ended)
        out.push(
          cdr(
            c,
            t0,
            [
              { ...queueLeg, endedAt: t1 },
              { ...agentLeg, endedAt: t1 },
            ],
            t1,
          ),
        );
      return out;
    }
  }
}

/** One stream of whole WSI calls, ids `w0`, `w1`, … */
export const wsiCallStream = fc
  .array(call, { minLength: 1, maxLength: 15 })
  .map((calls) =>
    calls.flatMap((c, i) => factsOf({ ...c, id: `w${i}`, next: c.queue === '8001' ? '8002' : '8001' })),
  );
