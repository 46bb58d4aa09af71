import { closedAgentsOf } from '../../lib/domain/agentClose';
import { type AgentStateTime, agentAhtSeconds } from '../../lib/domain/agentDay';
import { agentQuartersOf } from '../../lib/domain/agentQuarters';
import type { DomainState } from '../../lib/domain/state';
import { type DayWindow, dayWindow } from '../../lib/domain/time';
import { AGENT_FIGURE_COLUMNS, type AgentReportRow } from '../../lib/reports/agentRows';
import type { AgentHistoryRow } from '../storage/agentHistory';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import { windowOfDay } from './dayClose';
import { hourStartOf, localIso, mondayOf } from './periods';

/**
 * The agent report (docs/api.md, "Reports"; docs/metrics.md, "History"): history's agent days, and
 * today's live from the board's state, summed per period and agent. Call counters are summed over
 * the queues picked; time in state is the agent's own, whatever the queues.
 */

/**
 * Days and weeks from the agent days; 15 minutes and hours from the agent quarters (call counters
 * only: time in state is kept per day, so those periods carry it as null).
 */
export const AGENT_INTERVALS = ['15m', 'hour', 'day', 'week'] as const;
export type AgentInterval = (typeof AGENT_INTERVALS)[number];

/** One row per period and agent: the type the page reads too (lib/reports/agentRows.ts). */
export type { AgentReportRow };

/** The JSON's and the CSV's columns, in order. */
export const AGENT_COLUMNS = [
  'period',
  'start',
  'agent',
  'name',
  ...AGENT_FIGURE_COLUMNS,
] as const satisfies readonly (keyof AgentReportRow)[];

export interface AgentReportQuery {
  readonly from: DayWindow;
  readonly to: DayWindow;
  readonly interval: AgentInterval;
  /** Queue keys, or every queue. */
  readonly queues: readonly string[] | 'all';
  /** Agent keys, or every agent. */
  readonly agents: readonly string[] | 'all';
}

/** What a period sums: an agent day, or one agent × queue quarter (stateMs null: not kept per quarter). */
interface Piece {
  readonly day: string;
  readonly start: number;
  readonly agent: string;
  readonly name: string | null;
  readonly queues: AgentHistoryRow['queues'];
  readonly stateMs: AgentStateTime | null;
}

interface Sum {
  start: number;
  agent: string;
  name: string | null;
  nameDay: number;
  answered: number;
  missed: number | null;
  handled: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapSeconds: number;
  longestTalkSeconds: number;
  states: boolean;
  ready: number;
  queueCall: number;
  otherCall: number;
  wrapUp: number;
  notReady: number;
}

/** Today so far as agent days (the rows its close will write), read at `now`. */
export function liveAgentDays(live: DomainState, now: number): AgentHistoryRow[] {
  return closedAgentsOf(live, Math.min(now, live.day.end)).map((a) => ({
    day: live.day.day,
    start: live.day.start,
    agent: a.agent,
    name: a.name,
    queues: a.queues,
    stateMs: a.stateMs,
  }));
}

/**
 * The quarters of [lo, hi) as pieces: history's, and today's live from the board's visits (the rows
 * its close will write). Names are those of the agent days of the range (the last one known).
 */
async function quarterPieces(
  history: Pick<AsyncHistoryStore, 'agentDays' | 'agentQuarters'>,
  live: DomainState,
  lo: number,
  hi: number,
): Promise<Piece[]> {
  const names = new Map<string, string>();
  const today = live.day.start >= lo && live.day.start < hi;
  for (const r of await history.agentDays(lo, hi)) if (r.name !== null) names.set(r.agent, r.name);
  if (today) for (const [agent, ext] of live.extensions) if (ext.name) names.set(agent, ext.name);
  const quarters = (await history.agentQuarters(lo, hi)).filter(
    (r) => !(r.start >= live.day.start && r.start < live.day.end),
  );
  if (today) quarters.push(...agentQuartersOf(live));
  return quarters.map((r) => ({
    day: '',
    start: r.start,
    agent: r.agent,
    name: names.get(r.agent) ?? null,
    queues: [{ queue: r.queue, figures: r.figures, missed: r.missed }],
    stateMs: null,
  }));
}

export async function agentReport(
  history: Pick<AsyncHistoryStore, 'agentDays' | 'agentQuarters'>,
  live: DomainState,
  now: number,
  q: AgentReportQuery,
): Promise<AgentReportRow[]> {
  const settings = live.settings;
  const lo = q.from.start;
  const hi = q.to.end;
  const quarters = q.interval === '15m' || q.interval === 'hour';
  let rows: Piece[];
  if (quarters) rows = await quarterPieces(history, live, lo, hi);
  else {
    rows = (await history.agentDays(lo, hi)).filter((r) => r.start !== live.day.start);
    if (live.day.start >= lo && live.day.start < hi) rows.push(...liveAgentDays(live, now));
  }

  const queues = q.queues === 'all' ? null : new Set(q.queues);
  const agents = q.agents === 'all' ? null : new Set(q.agents);
  const weekStarts = new Map<string, number>();
  const hourStarts = new Map<number, number>();
  const periodOf = (r: Piece): number => {
    if (q.interval === 'day' || q.interval === '15m') return r.start;
    if (q.interval === 'hour') {
      let start = hourStarts.get(r.start);
      if (start === undefined) {
        start = hourStartOf(r.start, settings.timezone);
        hourStarts.set(r.start, start);
      }
      return start;
    }
    const monday = mondayOf(r.day);
    let start = weekStarts.get(monday);
    if (start === undefined) {
      start =
        windowOfDay(monday, settings)?.start ??
        dayWindow(r.start, settings.timezone, settings.dayStartsAt).start;
      weekStarts.set(monday, start);
    }
    return start;
  };

  const sums = new Map<number, Map<string, Sum>>();
  for (const r of rows) {
    if (agents && !agents.has(r.agent)) continue;
    const picked = queues ? r.queues.filter((x) => queues.has(x.queue)) : r.queues;
    // With a queue filter, an agent who was in none of those queues that day has no row.
    if (queues && picked.length === 0) continue;
    const start = periodOf(r);
    let ofPeriod = sums.get(start);
    if (!ofPeriod) {
      ofPeriod = new Map();
      sums.set(start, ofPeriod);
    }
    let s = ofPeriod.get(r.agent);
    if (!s) {
      s = {
        start,
        agent: r.agent,
        name: null,
        nameDay: Number.NEGATIVE_INFINITY,
        answered: 0,
        missed: null,
        handled: 0,
        talkSeconds: 0,
        holdSeconds: 0,
        wrapSeconds: 0,
        longestTalkSeconds: 0,
        states: false,
        ready: 0,
        queueCall: 0,
        otherCall: 0,
        wrapUp: 0,
        notReady: 0,
      };
      ofPeriod.set(r.agent, s);
    }
    // The name the agent had last in the period.
    if (r.name !== null && r.start >= s.nameDay) {
      s.name = r.name;
      s.nameDay = r.start;
    }
    for (const { figures: f, missed } of picked) {
      s.answered += f.answered;
      s.handled += f.handled;
      s.talkSeconds += f.talkSeconds;
      s.holdSeconds += f.holdSeconds;
      s.wrapSeconds += f.wrapSeconds;
      s.longestTalkSeconds = Math.max(s.longestTalkSeconds, f.longestTalkSeconds);
      if (missed !== null) s.missed = (s.missed ?? 0) + missed;
    }
    if (r.stateMs) {
      s.states = true;
      s.ready += r.stateMs.ready;
      s.queueCall += r.stateMs.queueCall;
      s.otherCall += r.stateMs.otherCall;
      s.wrapUp += r.stateMs.wrapUp;
      s.notReady += r.stateMs.notReady;
    }
  }

  const out: AgentReportRow[] = [];
  for (const start of [...sums.keys()].sort((a, b) => a - b)) {
    const period = localIso(start, settings.timezone);
    const ofPeriod = sums.get(start) as Map<string, Sum>;
    for (const agent of [...ofPeriod.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const s = ofPeriod.get(agent) as Sum;
      out.push({
        period,
        start,
        agent,
        name: s.name,
        answered: s.answered,
        missed: s.missed,
        handled: s.handled,
        talkSeconds: s.talkSeconds,
        holdSeconds: s.holdSeconds,
        wrapSeconds: s.wrapSeconds,
        longestTalkSeconds: s.longestTalkSeconds,
        ahtSeconds: agentAhtSeconds(s),
        // Unknown, not 0, for quarter-based periods: time in state is kept per day only.
        readyMs: s.states ? s.ready : null,
        queueCallMs: s.states ? s.queueCall : null,
        otherCallMs: s.states ? s.otherCall : null,
        wrapUpMs: s.states ? s.wrapUp : null,
        notReadyMs: s.states ? s.notReady : null,
        loggedInMs: s.states ? s.ready + s.queueCall + s.otherCall + s.wrapUp + s.notReady : null,
      });
    }
  }
  return out;
}
