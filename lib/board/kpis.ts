import type { AgentState } from '../domain/events';
import { AGENT_STATES } from '../domain/events';
import {
  addFigures,
  ahtSeconds,
  asaSeconds,
  DEFAULT_SERVICE_LEVEL_FORMULA,
  type Figures,
  type ServiceLevelFormula,
  serviceLevelBy,
  serviceLevelDenominator,
  ZERO,
} from '../domain/figures';
import { engagementRank, type QueueView, type TodayView } from '../domain/view';
import {
  type AbandonRateSettings,
  type BoardAbandonRate,
  boardAbandonRate,
  DEFAULT_ABANDON_RATE,
} from './abandonRate';
import { scopeOfKey } from './queues';

/**
 * A board's figures over its queues (docs/metrics.md): counters are summed; service level, abandon
 * rate, ASA and AHT are recomputed from the summed numerators and denominators with the one definition
 * in lib/domain/figures.ts — never an average of the queues' percentages; longest wait is the maximum.
 * Service level is counted with the board's formula (the queues' published one is the default's), abandon
 * rate with the board's choice on short abandons (lib/board/abandonRate.ts).
 */

/** The additive Figures of one queue's day: the wire carries every count and sum behind its means. */
export function figuresOf(today: TodayView): Figures {
  return {
    offered: today.offered,
    answered: today.answered,
    abandoned: today.abandoned,
    shortAbandoned: today.shortAbandoned,
    overflowed: today.overflowed,
    callbacks: today.callbacks,
    lostTrack: today.lostTrack,
    answeredWithinSla: today.answeredWithinSla,
    waited: today.waited,
    waitMs: today.waitMs,
    handled: today.handled,
    talkSeconds: today.talkSeconds,
    holdSeconds: today.holdSeconds,
    wrapSeconds: today.wrapSeconds,
  };
}

/**
 * Agents of these queues by state, each agent (`<scope>/<extension>`) counted once in their most
 * engaged state. null when no queue can see its agents.
 */
export function agentsByStateOf(queues: readonly QueueView[]): Record<AgentState, number> | null {
  const best = new Map<string, AgentState>();
  let known = false;
  for (const q of queues) {
    if (!q.agents) continue;
    known = true;
    const scope = scopeOfKey(q.id);
    for (const a of q.agents) {
      const key = `${scope}/${a.extension}`;
      const prev = best.get(key);
      if (prev === undefined || engagementRank(a.state) < engagementRank(prev)) best.set(key, a.state);
    }
  }
  if (!known) return null;
  const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  for (const s of best.values()) counts[s]++;
  return counts;
}

/**
 * The earliest enqueue among callers waiting as normal callers (callbacks are not on hold), as a
 * primitive a store selector can return: 'unknown' when no queue's waiting list is known, 'nobody'
 * when nobody waits. Feed it to `longestWaitFrom` with the clock of a ticking leaf.
 */
export type EarliestWait = number | 'nobody' | 'unknown';

export function earliestWaitSince(queues: readonly Pick<QueueView, 'waiting'>[]): EarliestWait {
  let known = false;
  let earliest: number | null = null;
  for (const q of queues) {
    if (q.waiting === null) continue;
    known = true;
    for (const c of q.waiting)
      if (c.kind === 'normal' && (earliest === null || c.since < earliest)) earliest = c.since;
  }
  if (!known) return 'unknown';
  return earliest ?? 'nobody';
}

/** Longest wait now, seconds; same rounding as lib/domain/view.ts longestWaitAt. */
export function longestWaitFrom(earliest: EarliestWait, now: number): number | null {
  if (earliest === 'unknown') return null;
  if (earliest === 'nobody') return 0;
  return Math.max(0, Math.floor((now - earliest) / 1000));
}

export interface BoardKpis {
  readonly queues: number;
  /** Callers waiting now; null when no queue's waiting list is known. */
  readonly waitingNormal: number | null;
  readonly waitingCallback: number | null;
  /** Some, but not all, queues cannot see their waiting list: the count is a lower bound. */
  readonly waitingPartial: boolean;
  /** The max over the queues' published longest waits (the boards tick their own from `earliestWait`). */
  readonly longestWaitSeconds: number | null;
  readonly earliestWait: EarliestWait;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly callbacks: number;
  readonly answeredWithinSla: number;
  readonly slaBreaches: number;
  /** Under `serviceLevelFormula`, with the denominator it divided by (printed on the tile). */
  readonly serviceLevel: number | null;
  readonly serviceLevelFormula: ServiceLevelFormula;
  readonly serviceLevelDenominator: number;
  /** The board's abandon rate (`abandonRate.value`), counted as the board chose; null without calls. */
  readonly abandonRate: number | null;
  readonly abandon: BoardAbandonRate;
  readonly abandonSettings: AbandonRateSettings;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly agents: Record<AgentState, number> | null;
}

export function boardKpis(
  queues: readonly QueueView[],
  formula: ServiceLevelFormula = DEFAULT_SERVICE_LEVEL_FORMULA,
  abandonSettings: AbandonRateSettings = DEFAULT_ABANDON_RATE,
): BoardKpis {
  let sum: Figures = ZERO;
  let slaBreaches = 0;
  let normal = 0;
  let callback = 0;
  let waitingKnown = 0;
  let longest: number | null = null;
  for (const q of queues) {
    sum = addFigures(sum, figuresOf(q.today));
    slaBreaches += q.today.slaBreaches;
    if (q.waiting !== null) {
      waitingKnown++;
      for (const c of q.waiting) c.kind === 'callback' ? callback++ : normal++;
    }
    const lw = q.today.longestWaitSeconds;
    if (lw !== null && (longest === null || lw > longest)) longest = lw;
  }
  const abandon = boardAbandonRate(sum, abandonSettings);
  return {
    queues: queues.length,
    waitingNormal: waitingKnown > 0 ? normal : null,
    waitingCallback: waitingKnown > 0 ? callback : null,
    waitingPartial: waitingKnown > 0 && waitingKnown < queues.length,
    longestWaitSeconds: longest,
    earliestWait: earliestWaitSince(queues),
    offered: sum.offered,
    answered: sum.answered,
    abandoned: sum.abandoned,
    shortAbandoned: sum.shortAbandoned,
    overflowed: sum.overflowed,
    callbacks: sum.callbacks,
    answeredWithinSla: sum.answeredWithinSla,
    slaBreaches,
    serviceLevel: serviceLevelBy(sum, formula),
    serviceLevelFormula: formula,
    serviceLevelDenominator: serviceLevelDenominator(sum, formula),
    abandonRate: abandon.value,
    abandon,
    abandonSettings,
    asaSeconds: asaSeconds(sum),
    ahtSeconds: ahtSeconds(sum),
    agents: agentsByStateOf(queues),
  };
}
