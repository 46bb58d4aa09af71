import fc from 'fast-check';
import type { DomainEvent, QueueRef, SourceKind } from '../domain/events';

/**
 * Test support: fast-check arbitraries for valid event streams of whole calls, one family per source.
 * Each call is a list of facts a real source could send about it, with consistent PBX times.
 */

export const DAY_START = Date.UTC(2026, 2, 10, 8, 0, 0);
const TENANT = 'tenant-a';
const QUEUES = ['8001', '8002'];
const AGENTS = ['101', '102', '103', '104'];

interface CallPlan {
  readonly family: 'wsi' | 'portsip' | 'tcx' | 'voip';
  readonly id: string;
  readonly queue: string;
  readonly start: number;
  readonly wait: number;
  readonly outcome: 'answered' | 'abandoned' | 'overflowed' | 'callback';
  readonly agent: string;
  readonly talk: number;
  readonly hold: number;
  readonly wrap: number;
  readonly withCdr: boolean;
}

const plan = fc.record({
  family: fc.constantFrom('wsi', 'portsip', 'tcx', 'voip'),
  queue: fc.constantFrom(...QUEUES),
  start: fc.integer({ min: 0, max: 8 * 3600 }),
  wait: fc.integer({ min: 0, max: 120 }),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'overflowed', 'callback'),
  agent: fc.constantFrom(...AGENTS),
  talk: fc.integer({ min: 1, max: 600 }),
  hold: fc.integer({ min: 0, max: 60 }),
  wrap: fc.integer({ min: 0, max: 60 }),
  withCdr: fc.boolean(),
});

function wsiFacts(p: CallPlan): DomainEvent[] {
  const base = { source: 'wsi', origin: 'portsip-wsi', tenant: TENANT } as const;
  const queue: QueueRef = { tenant: TENANT, number: p.queue };
  const t0 = DAY_START + p.start * 1000;
  const t1 = t0 + p.wait * 1000;
  const queued: DomainEvent = {
    ...base,
    type: 'callerQueued',
    at: t0,
    queue,
    caller: { sessionId: p.id, caller: `07${p.id}`, kind: 'normal', since: t0 },
  };
  const sessionId = p.id;
  const left: Record<CallPlan['outcome'], DomainEvent> = {
    answered: { ...base, type: 'callerAnswered', at: t1, queue, sessionId, agent: p.agent },
    abandoned: { ...base, type: 'callerAbandoned', at: t1, queue, sessionId },
    overflowed: { ...base, type: 'callerOverflowed', at: t1, queue, sessionId },
    callback: { ...base, type: 'callbackScheduled', at: t1, queue, sessionId },
  };
  return [queued, left[p.outcome]];
}

/** Call-leg families (PortSIP webhook, 3CX, VoIPstudio): queue leg, agent leg, end; optional CDR. */
function legFacts(p: CallPlan): DomainEvent[] {
  const origin: SourceKind =
    p.family === 'portsip' ? 'portsip-webhook' : p.family === 'tcx' ? '3cx' : 'voipstudio';
  const base = {
    source: p.family,
    origin,
    callId: p.id,
    ...(p.family === 'portsip' ? { tenant: TENANT } : {}),
  };
  const t0 = DAY_START + p.start * 1000;
  const t1 = t0 + p.wait * 1000;
  const tEnd = t1 + (p.hold + p.talk) * 1000;
  const queueKind = p.family === 'portsip' ? 'unknown' : 'queue';
  const qLeg = { leg: `q${p.queue}`, target: p.queue, targetKind: queueKind } as const;
  const aLeg = { leg: `a${p.agent}`, target: p.agent, targetKind: 'extension' } as const;
  const out: DomainEvent[] = [
    { ...base, type: 'callStarted', at: t0, parties: { direction: 'inbound', caller: `07${p.id}` } },
    { ...base, type: 'callLegAdded', at: t0, ...qLeg },
    { ...base, type: 'callLegRinging', at: t0 + 1, ...aLeg },
  ];
  if (p.outcome === 'answered') {
    out.push(
      { ...base, type: 'callLegAnswered', at: t1, ...aLeg },
      { ...base, type: 'callLegEnded', at: tEnd, ...aLeg },
      { ...base, type: 'callEnded', at: tEnd, answered: true },
    );
    if (p.hold > 0) {
      out.push(
        { ...base, type: 'callHeld', at: t1 + 1000 },
        { ...base, type: 'callResumed', at: t1 + 1000 + p.hold * 1000 },
      );
    }
    if (p.wrap > 0 && p.family === 'voip') {
      const w = { source: base.source, origin, extension: p.agent, callId: p.id } as const;
      out.push(
        { ...w, type: 'wrapUpStarted', at: tEnd },
        { ...w, type: 'wrapUpEnded', at: tEnd + p.wrap * 1000, timedOut: false },
      );
    }
  } else {
    out.push(
      { ...base, type: 'callLegNotAnswered', at: t1, ...aLeg },
      { ...base, type: 'callLegEnded', at: t1, ...qLeg },
      { ...base, type: 'callEnded', at: t1, answered: false },
    );
  }
  if (p.withCdr && p.family === 'portsip') {
    const answered = p.outcome === 'answered';
    out.push({
      ...base,
      type: 'callDetailRecorded',
      at: answered ? tEnd : t1,
      parties: { direction: 'inbound', caller: `07${p.id}` },
      startedAt: t0,
      endedAt: answered ? tEnd : t1,
      legs: [
        { target: p.queue, targetKind: 'unknown', startedAt: t0, answeredAt: t0, endedAt: t1 },
        {
          target: p.agent,
          targetKind: 'unknown',
          startedAt: t0 + 1,
          ...(answered ? { answeredAt: t1, endedAt: tEnd } : { endedAt: t1 }),
        },
      ],
    });
  }
  return out;
}

/** The facts of one planned call. Leg families know only answered and abandoned. */
function factsOf(p: CallPlan): DomainEvent[] {
  if (p.family === 'wsi') return wsiFacts(p);
  const outcome = p.outcome === 'answered' ? 'answered' : 'abandoned';
  return legFacts({ ...p, outcome });
}

/** Queues the PortSIP webhook family needs to know about (its CDRs never say which target is a queue). */
export const KNOWN_QUEUES: DomainEvent[] = QUEUES.map((number) => ({
  type: 'queueCreated',
  source: 'config',
  origin: 'portsip-wsi',
  tenant: TENANT,
  at: DAY_START,
  queue: { tenant: TENANT, number },
}));

export const callStream = fc
  .array(plan, { minLength: 1, maxLength: 25 })
  .map((plans) => plans.flatMap((p, i) => factsOf({ ...p, id: `c${i}` } as CallPlan)));

/** The same stream with random duplicates inserted and everything shuffled. */
export function disorderly(stream: readonly DomainEvent[]) {
  return fc
    .tuple(
      fc.array(fc.nat({ max: Math.max(0, stream.length - 1) }), { maxLength: stream.length }),
      fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    )
    .map(([dupIdx, noise]) => {
      const withDupes = [...stream, ...dupIdx.map((i) => stream[i] as DomainEvent)];
      const keyed = withDupes.map((e) => ({ e, k: noise.next().value as number }));
      return keyed.sort((a, b) => a.k - b.k).map((x) => x.e);
    });
}
