import type { ClosedAgent } from './agentClose';
import type { AgentQuarter } from './agentQuarters';

/**
 * Where an agent's quarters do not add up to their day row: the `<agent>|<queue>` keys whose summed
 * counters (answered, handled, talk, hold and wrap seconds, missed offers) differ, sorted. The live
 * close makes the day rows from the board's state and the quarters from the journal on the day-close
 * thread (server/history/closeThread.ts); they agree unless the journal lacks what the board applied
 * (a live link's write that failed) or holds what the board had not applied by the roll. Not compared:
 * the longest talk, a maximum the day row may keep after a visit moved to another agent (agentDay.ts),
 * and whether missed is unknown (null on both sides for the same queues: the rule is the queue's).
 */
export function quartersAgainstDays(
  quarters: readonly AgentQuarter[],
  agents: readonly ClosedAgent[],
): string[] {
  const diff = new Map<string, number[]>();
  const add = (key: string, f: AgentQuarter['figures'], missed: number | null, sign: 1 | -1) => {
    const v = [f.answered, f.handled, f.talkSeconds, f.holdSeconds, f.wrapSeconds, missed ?? 0];
    const had = diff.get(key);
    if (!had) diff.set(key, sign === 1 ? v : v.map((x) => -x));
    else for (let i = 0; i < v.length; i++) had[i] = (had[i] as number) + sign * (v[i] as number);
  };
  for (const q of quarters) add(`${q.agent}|${q.queue}`, q.figures, q.missed, 1);
  for (const a of agents) for (const q of a.queues) add(`${a.agent}|${q.queue}`, q.figures, q.missed, -1);
  const out: string[] = [];
  // Seconds may be fractional: sums in another order differ in the last bits, not by a microsecond.
  for (const [key, v] of diff) if (v.some((x) => Math.abs(x) > 1e-6)) out.push(key);
  return out.sort();
}
