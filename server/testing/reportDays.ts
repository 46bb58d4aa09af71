import type { DomainEvent } from '../../lib/domain/events';
import { startTestCallboard, type TestCallboard } from './callboard';

/**
 * Test support only: two days of PortSIP WSI queue calls for the report tests (agents, calls). Day 1
 * (Tuesday 10 March 2026) is played into a first process, which stops; a second starts on the
 * Wednesday at 09:00 (closing Tuesday from the journal), takes one more call, and its clock stands
 * at 10:00. Tuesday: 101 answers s1, s2 (queue 8001) and s3 (8002); 102 answers s4 (8002) and was
 * rung for s1 without answering; s5 abandons 8002 after 40 s. s3 has no call facts (caller unknown).
 */
export const TENANT = 't';
/** A Tuesday; Europe/London = UTC before the clocks change. */
export const DAY = Date.UTC(2026, 2, 10);

const base = { source: 'wsi', origin: 'portsip-wsi', tenant: TENANT } as const;

/** One WSI queue call answered by `agent`: queued, answered after `wait` s, talk, wrap-up, ready. */
function answeredCall(
  o: { queue: string; session: string; agent: string; at: number; wait: number; talk: number; wrap: number },
  caller: string | null,
): { at: number; events: DomainEvent[] }[] {
  const queue = { tenant: TENANT, number: o.queue };
  const t1 = o.at + o.wait * 1000;
  const t2 = t1 + o.talk * 1000;
  const t3 = t2 + o.wrap * 1000;
  const agentAt = (at: number, state: 'queueCall' | 'wrapUp' | 'ready'): DomainEvent => ({
    ...base,
    type: 'agentStateChanged',
    at,
    queue,
    agent: {
      extension: o.agent,
      state,
      since: at,
      ...(state === 'queueCall' ? { sessionId: o.session } : {}),
    },
  });
  const queued: DomainEvent[] = [
    {
      ...base,
      type: 'callerQueued',
      at: o.at,
      queue,
      caller: { sessionId: o.session, kind: 'normal', since: o.at },
    },
  ];
  // The call's own facts (PortSIP's call events) name the caller; without them the number is unknown.
  if (caller !== null)
    queued.push({
      ...base,
      type: 'callStarted',
      at: o.at,
      callId: o.session,
      parties: { direction: 'inbound', caller },
    });
  return [
    { at: o.at, events: queued },
    {
      at: t1,
      events: [
        { ...base, type: 'callerAnswered', at: t1, queue, sessionId: o.session, agent: o.agent },
        agentAt(t1, 'queueCall'),
      ],
    },
    { at: t2, events: [agentAt(t2, 'wrapUp')] },
    { at: t3, events: [agentAt(t3, 'ready')] },
  ];
}

async function deliver(
  target: TestCallboard,
  batches: { at: number; events: DomainEvent[] }[],
  setClock: (t: number) => void,
) {
  for (const b of batches.sort((x, y) => x.at - y.at)) {
    setClock(b.at);
    await target.recorder.accept({ source: 'wsi', kind: 'portsip-wsi', receivedAt: b.at, events: b.events });
  }
}

export const H = 3600_000;
const abandoned = (session: string, at: number): { at: number; events: DomainEvent[] }[] => [
  {
    at,
    events: [
      {
        ...base,
        type: 'callerQueued',
        at,
        queue: { tenant: TENANT, number: '8002' },
        caller: { sessionId: session, caller: '+447912345123', kind: 'normal', since: at },
      },
    ],
  },
  {
    at: at + 40_000,
    events: [
      {
        ...base,
        type: 'callerAbandoned',
        at: at + 40_000,
        queue: { tenant: TENANT, number: '8002' },
        sessionId: session,
      },
    ],
  },
];

/** A call target's ring and no answer, as PortSIP's `cdr_target_*` events give them. */
const ringNotAnswered = (session: string, extension: string, at: number, until: number) =>
  (['callLegRinging', 'callLegNotAnswered'] as const).map((type, i) => {
    const t = i === 0 ? at : until;
    const leg: DomainEvent = {
      ...base,
      type,
      at: t,
      callId: session,
      leg: extension,
      target: extension,
      targetKind: 'extension',
    };
    return { at: t, events: [leg] };
  });

/** The two days above, on a real server; its clock is the returned `now`. */
export async function startReportDays(): Promise<TestCallboard> {
  let clock = DAY + 7 * H;
  const set = (t: number) => {
    clock = t;
  };
  const first = await startTestCallboard({ now: () => clock });
  await deliver(
    first,
    [
      ...answeredCall(
        { queue: '8001', session: 's1', agent: '101', at: DAY + 9 * H, wait: 10, talk: 120, wrap: 30 },
        '07912345123',
      ),
      ...answeredCall(
        { queue: '8001', session: 's2', agent: '101', at: DAY + 10 * H, wait: 20, talk: 300, wrap: 0 },
        '07912345124',
      ),
      ...answeredCall(
        { queue: '8002', session: 's3', agent: '101', at: DAY + 11 * H, wait: 5, talk: 60, wrap: 10 },
        null,
      ),
      ...answeredCall(
        { queue: '8002', session: 's4', agent: '102', at: DAY + 12 * H, wait: 30, talk: 200, wrap: 20 },
        '+447700900123',
      ),
      ...abandoned('s5', DAY + 13 * H),
      // The PBX's target events for s1: 102 rang beside 101 and did not answer (a missed offer).
      ...ringNotAnswered('s1', '102', DAY + 9 * H + 3000, DAY + 9 * H + 10_000),
    ],
    set,
  );
  await first.close();
  set(DAY + 33 * H); // 09:00 on Wednesday: yesterday is closed from the journal at this start
  const app = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
  await app.history.missed;
  await deliver(
    app,
    answeredCall(
      { queue: '8001', session: 's6', agent: '102', at: DAY + 33 * H, wait: 15, talk: 90, wrap: 5 },
      '07912345999',
    ),
    set,
  );
  set(DAY + 34 * H); // 10:00
  app.hub.flush();
  return app;
}
