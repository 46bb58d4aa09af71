import type {
  AgentState,
  CdrLeg,
  DomainEvent,
  ExtensionRef,
  Presence,
  QueueRef,
} from '../../lib/domain/events';
import { mulberry32 } from '../../server/simulator/random';

/**
 * A seeded, deterministic synthetic call-center day for the reducer benchmark: a PortSIP WSI link
 * ('portsip-wsi', source 'bench') reporting queues, agents and extensions, plus CDRs for a fraction
 * of the calls. Same options, same events, every time.
 *
 * The day is 2026-03-10 in Europe/London (GMT that day, so wall time = UTC): snapshots at 08:00,
 * registrations right after, calls 08:01–20:00 following a two-peak daily curve, logouts ~20:30.
 */

export interface SyntheticDayOptions {
  readonly seed: number;
  readonly queues: number;
  /** Agents whose home queue is each queue; the first 10% of them also serve the next queue. */
  readonly agentsPerQueue: number;
  readonly calls: number;
}

export interface SyntheticDay {
  readonly events: DomainEvent[];
  /** 08:00 local: pass as `now` to initialState. */
  readonly startAt: number;
}

export const BENCH_TIMEZONE = 'Europe/London';
export const BENCH_TENANT = 'bench-tenant';
const SOURCE = 'bench';
const ORIGIN = 'portsip-wsi' as const;

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 2026-03-10 00:00 Europe/London (GMT until 29 March). */
const DAY_START = Date.UTC(2026, 2, 10);
const OPEN = DAY_START + 8 * HOUR;
const CALLS_FROM = OPEN + MIN;
const CALLS_UNTIL = DAY_START + 20 * HOUR;
const LOGOUT_AT = DAY_START + 20 * HOUR + 30 * MIN;

/** Relative call volume per hour from 08:00 (two peaks: mid-morning and early afternoon). */
const HOURLY_CURVE = [0.6, 1.0, 1.4, 1.3, 0.9, 0.8, 1.2, 1.3, 1.0, 0.8, 0.6, 0.4];

interface Agent {
  readonly number: string;
  readonly ref: ExtensionRef;
  /** Home queue first, then the queue it also serves (if any). */
  readonly queues: number[];
  freeAt: number;
  readonly lunchStart: number;
  readonly lunchEnd: number;
}

interface Queue {
  readonly ref: QueueRef;
  readonly number: string;
  readonly agents: Agent[];
  breached: number;
}

export function syntheticDay(options: SyntheticDayOptions): SyntheticDay {
  const { seed, queues: queueCount, agentsPerQueue, calls } = options;
  const rnd = mulberry32(seed);
  const exp = (mean: number) => -mean * Math.log(1 - rnd());
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo));
  const events: DomainEvent[] = [];

  // --- queues and agents ---------------------------------------------------------------------
  const queues: Queue[] = [];
  for (let q = 0; q < queueCount; q++) {
    const number = String(8000 + q);
    queues.push({
      number,
      ref: { tenant: BENCH_TENANT, id: String(100 + q), number },
      agents: [],
      breached: 0,
    });
  }
  const agents: Agent[] = [];
  const shared = queueCount > 1 ? Math.max(1, Math.floor(agentsPerQueue / 10)) : 0;
  for (let q = 0; q < queueCount; q++) {
    for (let i = 0; i < agentsPerQueue; i++) {
      const number = String(1000 + q * agentsPerQueue + i);
      const lunchStart = DAY_START + 12 * HOUR + between(0, 90) * MIN;
      const agent: Agent = {
        number,
        ref: { tenant: BENCH_TENANT, number, id: `ext-${number}` },
        queues: i < shared ? [q, (q + 1) % queueCount] : [q],
        freeAt: OPEN,
        lunchStart,
        lunchEnd: lunchStart + between(30, 60) * MIN,
      };
      agents.push(agent);
      for (const qi of agent.queues) queues[qi]?.agents.push(agent);
    }
  }
  const queueOf = (i: number): Queue => {
    const q = queues[i];
    if (!q) throw new Error(`no queue ${i}`);
    return q;
  };

  const agentState = (
    at: number,
    qi: number,
    a: Agent,
    state: AgentState,
    call?: { sessionId: string; caller: string },
  ) => {
    events.push({
      type: 'agentStateChanged',
      source: SOURCE,
      origin: ORIGIN,
      at,
      tenant: BENCH_TENANT,
      queue: queueOf(qi).ref,
      agent: { extension: a.number, state, since: at, sessionId: call?.sessionId, caller: call?.caller },
    });
  };
  const callStatus = (at: number, a: Agent, callStatus: 'idle' | 'ringing' | 'onCall') => {
    events.push({
      type: 'extensionCallStatusChanged',
      source: SOURCE,
      origin: ORIGIN,
      at,
      tenant: BENCH_TENANT,
      extension: a.ref,
      callStatus,
    });
  };
  const presence = (at: number, a: Agent, p: Presence) => {
    events.push({
      type: 'extensionPresenceChanged',
      source: SOURCE,
      origin: ORIGIN,
      at,
      tenant: BENCH_TENANT,
      extension: a.ref,
      presence: p,
    });
  };

  // --- 08:00: snapshots, then registration and presence for everyone ---------------------------
  queues.forEach((q, qi) => {
    events.push({
      type: 'queueSnapshotted',
      source: SOURCE,
      origin: ORIGIN,
      at: OPEN + qi,
      tenant: BENCH_TENANT,
      queue: q.ref,
      name: `Queue ${q.number}`,
      waiting: [],
      agents: q.agents.map((a) => ({ extension: a.number, state: 'ready' as const, since: OPEN - 10 * MIN })),
    });
  });
  agents.forEach((a, i) => {
    const at = OPEN + 1000 + i;
    events.push({
      type: 'extensionRegistrationChanged',
      source: SOURCE,
      origin: ORIGIN,
      at,
      tenant: BENCH_TENANT,
      extension: a.ref,
      online: true,
    });
    presence(at, a, 'available');
  });

  // --- lunch breaks ----------------------------------------------------------------------------
  for (const a of agents) {
    presence(a.lunchStart, a, 'lunch');
    for (const qi of a.queues) agentState(a.lunchStart, qi, a, 'notReady');
    presence(a.lunchEnd, a, 'available');
    for (const qi of a.queues) agentState(a.lunchEnd, qi, a, 'ready');
  }

  // --- arrivals: `calls` instants drawn from the daily curve (a Poisson process given its count) -
  const slotMs = HOUR;
  const total = HOURLY_CURVE.reduce((x, y) => x + y, 0);
  const arrivals = new Float64Array(calls);
  for (let c = 0; c < calls; c++) {
    let u = rnd() * total;
    let h = 0;
    while (h < HOURLY_CURVE.length - 1 && u >= (HOURLY_CURVE[h] ?? 0)) u -= HOURLY_CURVE[h++] ?? 0;
    arrivals[c] = Math.floor(
      Math.min(CALLS_UNTIL - 1, Math.max(CALLS_FROM, OPEN + h * slotMs + rnd() * slotMs)),
    );
  }
  arrivals.sort();
  // Some queues are busier than others (weights 1 … 2).
  const weights = queues.map((_, i) => 1 + ((i * 7) % 11) / 10);
  const weightSum = weights.reduce((x, y) => x + y, 0);
  const pickQueue = () => {
    let u = rnd() * weightSum;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return i;
    }
    return weights.length - 1;
  };

  /** An agent of the queue free to ring at `ringAt` and finish by lunch, or the earliest one. */
  const available = (a: Agent, ringAt: number, readyBy: number) =>
    a.freeAt <= ringAt && (readyBy <= a.lunchStart - 1000 || ringAt >= a.lunchEnd + 1000);
  const pickAgent = (
    q: Queue,
    ringAt: number,
    busyMs: number,
  ): { agent: Agent; ringAt: number } | undefined => {
    const n = q.agents.length;
    if (n === 0) return undefined;
    const start = Math.floor(rnd() * n);
    let best: Agent | undefined;
    let bestAt = Number.POSITIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const a = q.agents[(start + k) % n] as Agent;
      if (available(a, ringAt, ringAt + busyMs)) return { agent: a, ringAt };
      const soonest = Math.max(a.freeAt, ringAt);
      const at = available(a, soonest, soonest + busyMs) ? soonest : Math.max(soonest, a.lunchEnd + 1000);
      if (at < bestAt) {
        best = a;
        bestAt = at;
      }
    }
    return best ? { agent: best, ringAt: bestAt } : undefined;
  };

  // --- the calls ---------------------------------------------------------------------------------
  for (let c = 0; c < calls; c++) {
    const t0 = arrivals[c] ?? CALLS_FROM;
    const qi = pickQueue();
    const q = queueOf(qi);
    const sessionId = `bench-${seed}-${c}`;
    const caller = `07${String(700_000_000 + Math.floor(rnd() * 99_999_999))}`;
    events.push({
      type: 'callerQueued',
      source: SOURCE,
      origin: ORIGIN,
      at: t0,
      tenant: BENCH_TENANT,
      queue: q.ref,
      caller: { sessionId, caller, kind: 'normal', since: t0 },
    });

    const u = rnd();
    const patience = 8_000 + exp(150_000);
    const ringMs = between(2_000, 8_000);
    const talkMs = Math.min(2 * HOUR, 30_000 + exp(210_000));
    const wrapMs = between(10_000, 60_000);
    const busyMs = ringMs + talkMs + wrapMs;
    const picked = u < 0.035 ? undefined : pickAgent(q, t0 + Math.floor(exp(12_000)), busyMs);
    const answerAt = picked ? picked.ringAt + ringMs : Number.POSITIVE_INFINITY;
    const withCdr = rnd() < 0.3;
    const cdrParties = { direction: 'inbound' as const, caller, callee: q.number, did: '02079460000' };
    let leftAt: number;

    if (picked && answerAt - t0 <= patience) {
      const a = picked.agent;
      const endAt = Math.floor(answerAt + talkMs);
      const readyAt = endAt + wrapMs;
      a.freeAt = readyAt + 1000;
      const other = a.queues.find((x) => x !== qi);
      callStatus(picked.ringAt, a, 'ringing');
      agentState(answerAt, qi, a, 'queueCall', { sessionId, caller });
      events.push({
        type: 'callerAnswered',
        source: SOURCE,
        origin: ORIGIN,
        at: answerAt,
        tenant: BENCH_TENANT,
        queue: q.ref,
        sessionId,
        agent: a.number,
      });
      callStatus(answerAt, a, 'onCall');
      if (other !== undefined) agentState(answerAt, other, a, 'otherCall');
      callStatus(endAt, a, 'idle');
      agentState(endAt, qi, a, 'wrapUp');
      agentState(readyAt, qi, a, 'ready');
      if (other !== undefined) agentState(readyAt, other, a, 'ready');
      leftAt = answerAt;
      if (withCdr) {
        const legs: CdrLeg[] = [
          { target: q.number, targetKind: 'queue', startedAt: t0, endedAt: answerAt },
          {
            target: a.number,
            targetKind: 'extension',
            startedAt: picked.ringAt,
            ringAt: picked.ringAt,
            answeredAt: answerAt,
            endedAt: endAt,
          },
        ];
        events.push({
          type: 'callDetailRecorded',
          source: SOURCE,
          origin: ORIGIN,
          at: endAt + 2_000,
          tenant: BENCH_TENANT,
          callId: sessionId,
          parties: cdrParties,
          startedAt: t0,
          answeredAt: answerAt,
          endedAt: endAt,
          endReason: 'hangup',
          legs,
        });
      }
    } else {
      // Not answered: overflow to voicemail, a callback request, or the caller hangs up.
      const kind = u < 0.02 ? 'overflow' : u < 0.035 ? 'callback' : 'abandon';
      leftAt = Math.floor(t0 + (kind === 'abandon' ? patience : between(30_000, 120_000)));
      if (kind === 'overflow') {
        events.push({
          type: 'callerOverflowed',
          source: SOURCE,
          origin: ORIGIN,
          at: leftAt,
          tenant: BENCH_TENANT,
          queue: q.ref,
          sessionId,
        });
      } else if (kind === 'callback') {
        events.push({
          type: 'callbackScheduled',
          source: SOURCE,
          origin: ORIGIN,
          at: leftAt,
          tenant: BENCH_TENANT,
          queue: q.ref,
          sessionId,
        });
      } else {
        events.push({
          type: 'callerAbandoned',
          source: SOURCE,
          origin: ORIGIN,
          at: leftAt,
          tenant: BENCH_TENANT,
          queue: q.ref,
          sessionId,
        });
      }
      if (withCdr) {
        const legs: CdrLeg[] = [{ target: q.number, targetKind: 'queue', startedAt: t0, endedAt: leftAt }];
        if (kind === 'overflow') {
          legs.push({
            target: '9000',
            targetKind: 'other',
            startedAt: leftAt,
            answeredAt: leftAt,
            endedAt: leftAt + 20_000,
          });
        }
        const endedAt = kind === 'overflow' ? leftAt + 20_000 : leftAt;
        events.push({
          type: 'callDetailRecorded',
          source: SOURCE,
          origin: ORIGIN,
          at: endedAt + 2_000,
          tenant: BENCH_TENANT,
          callId: sessionId,
          parties: cdrParties,
          startedAt: t0,
          endedAt,
          endReason: kind === 'abandon' ? 'caller hangup' : kind,
          legs,
        });
      }
    }
    // The PBX reports an SLA breach for callers still waiting after 60 s.
    if (leftAt - t0 > 60_000) {
      q.breached += 1;
      events.push({
        type: 'slaBreachReported',
        source: SOURCE,
        origin: ORIGIN,
        at: t0 + 60_000,
        tenant: BENCH_TENANT,
        queue: q.ref,
        caller,
        totalBreached: q.breached,
        slaSeconds: 60,
      });
    }
  }

  // --- end of day: everyone logs out --------------------------------------------------------------
  agents.forEach((a, i) => {
    const at = Math.max(LOGOUT_AT + i, a.freeAt + 1000);
    for (const qi of a.queues) agentState(at, qi, a, 'loggedOut');
    presence(at, a, 'away');
    events.push({
      type: 'extensionRegistrationChanged',
      source: SOURCE,
      origin: ORIGIN,
      at,
      tenant: BENCH_TENANT,
      extension: a.ref,
      online: false,
    });
  });

  // Stable: events of one call pushed at the same instant keep their causal order.
  events.sort((x, y) => x.at - y.at);
  return { events, startAt: OPEN };
}
