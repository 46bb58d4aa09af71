import { type AgentQueueFigures, addVisitDelta, agentQueueKeyOf, NO_FIGURES } from './agentDay';
import { eachMissedOffer, type MissedOffers } from './agentMissed';
import { contribution, type Thresholds } from './figures';
import { type DomainState, thresholdsFor } from './state';
import { BUCKET_MS, bucketOf, inWindow } from './time';
import { anchorOf } from './visit';

/**
 * One agent's calls of one queue in one 15-minute bucket (docs/metrics.md, "History per agent").
 * A visit counts in the bucket of its anchor (`anchorOf`: entered the queue, else left it), the rule
 * of the queue's own buckets, so an agent's quarter and the queue's quarter hold the same calls.
 */
export interface AgentQuarter {
  /** The bucket's start instant (ms). */
  readonly start: number;
  /** `<scope>/<extension>`, as ClosedAgent.agent. */
  readonly agent: string;
  readonly queue: string;
  readonly figures: AgentQueueFigures;
  /** Missed offers of visits anchored in the bucket; null where the queue's day has it unknown. */
  readonly missed: number | null;
}

interface Cell {
  start: number;
  agent: string;
  queue: string;
  figures: AgentQueueFigures;
  missed: number;
}

/**
 * Today's agent quarters rebuilt from the day's visits: the same contributions the reducer credits to
 * the agent's day row (reduce/visits.ts placement), so an agent's quarters add up to their day row.
 * Empty cells are left out. A walk of today's visits: paid at a day's close and per report, never per
 * event.
 */
export function agentQuartersOf(state: DomainState): AgentQuarter[] {
  return agentQuartersWithMissed(state).quarters;
}

/** The quarters and the day's missed offers of one walk (the close needs both: closedDay.ts). */
export function agentQuartersWithMissed(state: DomainState): {
  quarters: AgentQuarter[];
  missed: MissedOffers;
} {
  // Nested by queue, extension, bucket: no key string built per visit (a busy day has ~60,000).
  const byQueue = new Map<string, { scope: string; thresholds: Thresholds; cells: Map<string, Cell[]> }>();
  const cell = (queueKey: string, extension: string, anchor: number) => {
    let q = byQueue.get(queueKey);
    if (!q) {
      const queue = state.queues.get(queueKey);
      if (!queue) return undefined;
      q = { scope: queue.scope, thresholds: thresholdsFor(state.settings, queueKey), cells: new Map() };
      byQueue.set(queueKey, q);
    }
    let ofAgent = q.cells.get(extension);
    if (!ofAgent) {
      ofAgent = [];
      q.cells.set(extension, ofAgent);
    }
    const bucket = bucketOf(state.day, anchor);
    let c = ofAgent[bucket];
    if (!c) {
      c = {
        start: state.day.start + bucket * BUCKET_MS,
        agent: `${q.scope}/${extension}`,
        queue: queueKey,
        figures: NO_FIGURES,
        missed: 0,
      };
      ofAgent[bucket] = c;
    }
    return { c, thresholds: q.thresholds };
  };
  for (const visit of state.visits.values()) {
    if (visit.outcome !== 'answered' || visit.agent === undefined) continue;
    const anchor = anchorOf(visit);
    if (anchor === undefined || !inWindow(state.day, anchor)) continue;
    const at = cell(visit.queue, visit.agent, anchor);
    if (!at) continue;
    const f = contribution(visit, at.thresholds);
    at.c.figures = addVisitDelta(at.c.figures, f, f.talkSeconds);
  }
  const counts = new Map<string, number>();
  const known = eachMissedOffer(state, (queueKey, extension, anchor) => {
    const key = agentQueueKeyOf(queueKey, extension);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const at = cell(queueKey, extension, anchor);
    if (at) at.c.missed += 1;
  });
  const out: AgentQuarter[] = [];
  for (const [queue, q] of byQueue) {
    const isKnown = known.has(queue);
    for (const ofAgent of q.cells.values())
      for (const c of ofAgent) if (c) out.push({ ...c, missed: isKnown ? c.missed : null });
  }
  out.sort((a, b) => a.start - b.start || byKey(a.agent, b.agent) || byKey(a.queue, b.queue));
  return { quarters: out, missed: { known, counts } };
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
