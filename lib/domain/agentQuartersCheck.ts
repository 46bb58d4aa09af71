import type { ClosedAgent } from './agentClose';
import type { AgentQuarter } from './agentQuarters';

/**
 * Where an agent's quarters do not add up to their day row: the `<agent>|<queue>` keys whose summed
 * counters (answered, handled, talk, hold and wrap seconds, missed offers) differ, or whose longest
 * talk in a quarter is longer than the day row's, sorted. The live close makes the day rows from the
 * board's state and the quarters from the journal on the day-close thread
 * (server/history/closeThread.ts); they agree unless the journal lacks what the board applied (a live
 * link's write that failed) or holds what the board had not applied by the roll. The longest talk is
 * compared one way only: the day row's maximum may stay above the quarters' after a visit moved to
 * another agent (agentDay.ts), but no quarter can hold a talk the day's maximum never saw. Not
 * compared: whether missed is unknown (null on both sides for the same queues: the rule is the queue's).
 */
export function quartersAgainstDays(
  quarters: readonly AgentQuarter[],
  agents: readonly ClosedAgent[],
): string[] {
  const diff = new Map<string, number[]>();
  const longest = new Map<string, number>();
  const add = (key: string, f: AgentQuarter['figures'], missed: number | null, sign: 1 | -1) => {
    const v = [f.answered, f.handled, f.talkSeconds, f.holdSeconds, f.wrapSeconds, missed ?? 0];
    const had = diff.get(key);
    if (!had) diff.set(key, sign === 1 ? v : v.map((x) => -x));
    else for (let i = 0; i < v.length; i++) had[i] = (had[i] as number) + sign * (v[i] as number);
  };
  for (const q of quarters) {
    const key = `${q.agent}|${q.queue}`;
    add(key, q.figures, q.missed, 1);
    longest.set(key, Math.max(longest.get(key) ?? 0, q.figures.longestTalkSeconds));
  }
  const out = new Set<string>();
  for (const a of agents)
    for (const q of a.queues) {
      const key = `${a.agent}|${q.queue}`;
      add(key, q.figures, q.missed, -1);
      if ((longest.get(key) ?? 0) > q.figures.longestTalkSeconds + 1e-6) out.add(key);
    }
  // A quarter with no day row: its counters already differ (below), its longest talk with them.
  // Seconds may be fractional: sums in another order differ in the last bits, not by a microsecond.
  for (const [key, v] of diff) if (v.some((x) => Math.abs(x) > 1e-6)) out.add(key);
  return [...out].sort();
}
