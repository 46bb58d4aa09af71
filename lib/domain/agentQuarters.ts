import { type AgentQueueFigures, addVisitDelta, NO_FIGURES } from './agentDay';
import { eachMissedOffer } from './agentMissed';
import { contribution } from './figures';
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
  const cells = new Map<string, Cell>();
  const cell = (queueKey: string, extension: string, anchor: number): Cell | undefined => {
    const queue = state.queues.get(queueKey);
    if (!queue) return undefined;
    const start = state.day.start + bucketOf(state.day, anchor) * BUCKET_MS;
    const agent = `${queue.scope}/${extension}`;
    const key = `${start}|${queueKey}|${agent}`;
    let c = cells.get(key);
    if (!c) {
      c = { start, agent, queue: queueKey, figures: NO_FIGURES, missed: 0 };
      cells.set(key, c);
    }
    return c;
  };
  for (const visit of state.visits.values()) {
    if (visit.outcome !== 'answered' || visit.agent === undefined) continue;
    const anchor = anchorOf(visit);
    if (anchor === undefined || !inWindow(state.day, anchor)) continue;
    const c = cell(visit.queue, visit.agent, anchor);
    if (!c) continue;
    const f = contribution(visit, thresholdsFor(state.settings, visit.queue));
    c.figures = addVisitDelta(c.figures, f, f.talkSeconds);
  }
  const known = eachMissedOffer(state, (queueKey, extension, anchor) => {
    const c = cell(queueKey, extension, anchor);
    if (c) c.missed += 1;
  });
  return [...cells.values()]
    .map((c) => ({ ...c, missed: known.has(c.queue) ? c.missed : null }))
    .sort((a, b) => a.start - b.start || byKey(a.agent, b.agent) || byKey(a.queue, b.queue));
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
