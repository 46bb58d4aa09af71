import type { AgentPageHead } from '../../lib/reports/agentRows';

export interface AgentOption {
  readonly agent: string;
  /** The agent's display name, or the key when the report has none. */
  readonly label: string;
}

/**
 * The agents the picker offers: every agent of the report before the pick (the API's `agentList`,
 * each with their latest name), and the chosen ones the report does not hold (a shared address for
 * another range), so that a tick can always be taken off. Sorted by label.
 */
export function agentOptionsOf(list: AgentPageHead['agentList'], chosen: readonly string[]): AgentOption[] {
  const names = new Map(list.map((a) => [a.agent, a.name]));
  for (const agent of chosen) if (!names.has(agent)) names.set(agent, null);
  return [...names]
    .map(([agent, name]) => ({ agent, label: name ?? agent }))
    .sort((a, b) => a.label.localeCompare(b.label) || a.agent.localeCompare(b.agent));
}

/** `chosen` with `agent` ticked or unticked, in key order (a stable address). */
export function toggleAgent(chosen: readonly string[], agent: string): string[] {
  const next = new Set(chosen);
  if (next.has(agent)) next.delete(agent);
  else next.add(agent);
  return [...next].sort();
}
