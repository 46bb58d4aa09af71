import type { AgentReportRow } from '../../lib/reports/agentRows';

export interface AgentOption {
  readonly agent: string;
  /** The agent's display name, or the key when the report has none. */
  readonly label: string;
}

/**
 * The agents the picker offers: every agent of the unfiltered report (the latest name each), and
 * the chosen ones the report no longer holds (a shared address for another range), so that a tick
 * can always be taken off. Sorted by label.
 */
export function agentOptionsOf(
  rows: readonly Pick<AgentReportRow, 'agent' | 'name' | 'start'>[],
  chosen: readonly string[],
): AgentOption[] {
  const latest = new Map<string, { start: number; name: string | null }>();
  for (const r of rows) {
    const seen = latest.get(r.agent);
    if (!seen || r.start >= seen.start)
      latest.set(r.agent, { start: r.start, name: r.name ?? seen?.name ?? null });
  }
  for (const agent of chosen) if (!latest.has(agent)) latest.set(agent, { start: 0, name: null });
  return [...latest]
    .map(([agent, { name }]) => ({ agent, label: name ?? agent }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.agent.localeCompare(b.agent));
}

/** `chosen` with `agent` ticked or unticked, in key order (a stable address). */
export function toggleAgent(chosen: readonly string[], agent: string): string[] {
  const next = new Set(chosen);
  if (next.has(agent)) next.delete(agent);
  else next.add(agent);
  return [...next].sort();
}
