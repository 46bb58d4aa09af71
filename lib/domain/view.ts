import { type MissedOffers, missedOf, missedOffersOf } from './agentMissed';
import { type AgentTodayView, agentTodayOf } from './agentView';
import { entryServerTime } from './clocks';
import type { AgentState, CallerKind, CallStatus, Presence } from './events';
import { AGENT_STATES } from './events';
import { abandonRate, ahtSeconds, asaSeconds, type Figures, serviceLevel } from './figures';
import { type GapView, queueGaps } from './gapsView';
import { callKeyOf } from './keys';
import type { CallState, DomainState, ExtensionState, QueueAgent, QueueState } from './state';
import { bucketLabel } from './time';

/**
 * Selectors: plain JSON views of the state for the API, the socket and the boards. Every function that
 * needs the present takes `now`; nothing here reads a clock.
 */

export interface TodayView {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly callbacks: number;
  /** Stays closed as "ended, unknown" (docs/metrics.md, "Lost track"): neither answered nor abandoned. */
  readonly lostTrack: number;
  readonly answeredWithinSla: number;
  readonly serviceLevel: number | null;
  readonly abandonRate: number | null;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  /** null = unknown (the queue's sources cannot see its waiting list), not "nobody waits". */
  readonly longestWaitSeconds: number | null;
  readonly slaBreaches: number;
  /**
   * The counts and sums behind ASA and AHT, so that a board adding queues divides once (lib/board/kpis.ts)
   * and never re-derives counts from means.
   */
  readonly waited: number;
  readonly waitMs: number;
  readonly handled: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
}

export function todayOf(
  f: Figures,
  extra: { longestWaitSeconds: number | null; slaBreaches: number },
): TodayView {
  return {
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    shortAbandoned: f.shortAbandoned,
    overflowed: f.overflowed,
    callbacks: f.callbacks,
    lostTrack: f.lostTrack,
    answeredWithinSla: f.answeredWithinSla,
    serviceLevel: serviceLevel(f),
    abandonRate: abandonRate(f),
    asaSeconds: asaSeconds(f),
    ahtSeconds: ahtSeconds(f),
    waited: f.waited,
    waitMs: f.waitMs,
    handled: f.handled,
    talkSeconds: f.talkSeconds,
    holdSeconds: f.holdSeconds,
    wrapSeconds: f.wrapSeconds,
    ...extra,
  };
}

/**
 * Longest wait now = now − earliest enqueue among callers waiting as normal callers. Callers waiting
 * for a callback are not on hold, so they do not count. null when the waiting list is unknown.
 */
function longestWaitOf(
  callers: Iterable<{ kind: CallerKind; since: number }> | null,
  now: number,
): number | null {
  if (callers === null) return null;
  let earliest: number | undefined;
  for (const c of callers)
    if (c.kind === 'normal' && (earliest === undefined || c.since < earliest)) earliest = c.since;
  return earliest === undefined ? 0 : Math.max(0, Math.floor((now - earliest) / 1000));
}

/**
 * The same from a published queue view: the browser ticks it in a leaf component and the API computes
 * it per request, so a view published a minute ago is still right now.
 */
export function longestWaitAt(queue: Pick<QueueView, 'waiting'>, now: number): number | null {
  return longestWaitOf(queue.waiting, now);
}

export interface WaitingCounts {
  readonly normal: number;
  readonly callback: number;
}

export function waitingCounts(queue: QueueState): WaitingCounts | null {
  if (queue.waiting === null) return null;
  let normal = 0;
  let callback = 0;
  for (const c of queue.waiting.values()) c.kind === 'callback' ? callback++ : normal++;
  return { normal, callback };
}

export interface QueueView {
  readonly id: string;
  readonly number: string | null;
  readonly queueId: string | null;
  readonly name: string | null;
  readonly waiting:
    | readonly {
        sessionId: string;
        caller: string | null;
        callerName: string | null;
        since: number;
        kind: CallerKind;
        position: number | null;
      }[]
    | null;
  readonly agents:
    | readonly {
        extension: string;
        name: string | null;
        state: AgentState;
        since: number;
        caller: string | null;
        /** The call (its key) the agent is on for this queue; null when not on a queue call. */
        call?: string | null;
        /** Today's raw counters in this queue (agentView.ts). */
        today?: AgentTodayView;
      }[]
    | null;
  readonly today: TodayView;
  /** Spans today's figures miss, where nothing repaired them (docs/metrics.md, "Gaps"); absent: none. */
  readonly gaps?: readonly GapView[];
}

/**
 * A queue as the API and the boards see it. Its `since` times are on the server's timeline (the PBX's
 * moved by its source's clock offset, clocks.ts), so that a viewer subtracts them from the server's
 * `now`: a PBX clock 20 s behind no longer adds 20 s to every wait.
 */
/**
 * `offers`: today's missed offers (agentMissed.ts), for a caller that renders many queues from one
 * state; read here when not given and the queue has agents.
 */
export function queueView(
  state: DomainState,
  queue: QueueState,
  now: number,
  offers?: MissedOffers,
): QueueView {
  const waiting = queue.waiting
    ? [...queue.waiting.values()]
        .map((c) => ({
          sessionId: c.sessionId,
          caller: c.caller ?? null,
          callerName: c.callerName ?? null,
          since: entryServerTime(state, c, c.since),
          kind: c.kind,
          position: c.position ?? null,
        }))
        .sort((a, b) => a.since - b.since || a.sessionId.localeCompare(b.sessionId))
    : null;
  const missed = queue.agents?.size ? (offers ?? missedOffersOf(state)) : undefined;
  const agents = queue.agents
    ? [...queue.agents.values()]
        .sort((a, b) => a.extension.localeCompare(b.extension))
        .map((a) => {
          const since = entryServerTime(state, a, a.since);
          return {
            extension: a.extension,
            name: state.extensions.get(`${queue.scope}/${a.extension}`)?.name ?? null,
            state: a.state,
            since,
            caller: a.state === 'queueCall' ? (a.callerName ?? a.caller ?? null) : null,
            call: queueCallOf(queue.scope, a),
            today: agentTodayOf(
              state,
              queue,
              a,
              since,
              missed ? missedOf(missed, queue.key, a.extension) : null,
            ),
          };
        })
    : null;
  const gaps = queueGaps(state, queue.scope);
  return {
    id: queue.key,
    number: queue.number ?? null,
    queueId: queue.id ?? null,
    name: queue.name ?? null,
    waiting,
    agents,
    today: todayOf(queue.today, {
      longestWaitSeconds: longestWaitOf(waiting, now),
      slaBreaches: queue.slaBreaches,
    }),
    ...(gaps ? { gaps } : {}),
  };
}

/** The call an agent is on for its queue: the queue session is the call (visits are keyed so too). */
export function queueCallOf(scope: string, a: Pick<QueueAgent, 'state' | 'sessionId'>): string | null {
  return a.state === 'queueCall' && a.sessionId !== undefined ? callKeyOf(scope, a.sessionId) : null;
}

/** Engagement order: an agent in several queues shows (and counts) as their most engaged state. */
export const ENGAGEMENT: readonly AgentState[] = [
  'queueCall',
  'otherCall',
  'wrapUp',
  'ready',
  'notReady',
  'loggedOut',
  'offline',
];

/** Lower is more engaged (ENGAGEMENT). */
export const engagementRank = (s: AgentState): number => ENGAGEMENT.indexOf(s);

/**
 * Agents by state over a set of queues; an agent in several queues is counted once, in their most
 * engaged state. null when none of the queues can see its agents.
 */
export function agentsByState(queues: readonly QueueState[]): Record<AgentState, number> | null {
  const best = new Map<string, AgentState>();
  let known = false;
  for (const q of queues) {
    if (!q.agents) continue;
    known = true;
    for (const a of q.agents.values()) {
      const key = `${q.scope}/${a.extension}`;
      const prev = best.get(key);
      if (prev === undefined || engagementRank(a.state) < engagementRank(prev)) best.set(key, a.state);
    }
  }
  if (!known) return null;
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const s of best.values()) counts[s]++;
  return counts;
}

export interface ExtensionView {
  readonly id: string;
  readonly number: string;
  readonly name: string | null;
  readonly online: boolean | null;
  readonly callStatus: CallStatus | null;
  readonly presence: Presence | null;
  readonly presenceNote: string | null;
  /** Since when the presence and its note hold (server time); absent when unknown. */
  readonly presenceSince?: number;
}

export function extensionView(e: ExtensionState): ExtensionView {
  return {
    id: e.key,
    number: e.number,
    name: e.name ?? null,
    online: e.online,
    callStatus: e.callStatus,
    presence: e.presence,
    presenceNote: e.presenceNote ?? null,
    ...(e.presenceSince !== undefined ? { presenceSince: e.presenceSince } : {}),
  };
}

export function liveCalls(state: DomainState): CallState[] {
  return [...state.calls.values()]
    .filter((c) => c.phase !== 'ended')
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** Chart rows for one queue: every 15-minute bucket of today up to `now`, empty ones included. */
export function bucketSeries(state: DomainState, queue: QueueState, now: number) {
  const last = Math.floor((Math.min(now, state.day.end - 1) - state.day.start) / (15 * 60 * 1000));
  const rows = [];
  for (let b = 0; b <= last; b++) {
    const f = queue.buckets.get(b);
    rows.push({
      bucket: b,
      label: bucketLabel(state.day, b, state.settings.timezone),
      offered: f?.offered ?? 0,
      answered: f?.answered ?? 0,
      abandoned: f?.abandoned ?? 0,
      serviceLevel: f ? serviceLevel(f) : null,
      asaSeconds: f ? asaSeconds(f) : null,
    });
  }
  return rows;
}
