'use client';

import { useMemo, useRef } from 'react';
import { type AgentFilter, type AgentSort, agentIds } from '../../lib/board/agents';
import { useWallboard } from '../live/StoreProvider';

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The agent ids a board shows, filtered and sorted. Sorting thousands of agents is the costly part
 * of a patch, so it runs once per change of the agents (not in a selector, which React calls several
 * times per update), and an unchanged order keeps its identity so the list below does not re-render.
 */
export function useAgentIds(filter: AgentFilter, sort: AgentSort): readonly string[] {
  const agents = useWallboard((s) => s.agents);
  const order = useWallboard((s) => s.agentIds);
  const last = useRef<readonly string[]>([]);
  return useMemo(() => {
    const next = agentIds(
      order.flatMap((id) => {
        const a = agents[id];
        return a ? [a] : [];
      }),
      filter,
      sort,
    );
    if (sameList(next, last.current)) return last.current;
    last.current = next;
    return next;
  }, [agents, order, filter, sort]);
}
