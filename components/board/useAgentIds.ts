'use client';

import { useMemo, useRef } from 'react';
import { type AgentFilter, type AgentOrder, type AgentSort, orderAgents } from '../../lib/board/agentOrder';
import { useWallboard } from '../live/StoreProvider';

/**
 * The agent ids a board shows, filtered and sorted. Ordering thousands of agents was the costly part
 * of a patch: it runs once per change of the agents (not in a selector, which React calls several
 * times per update), and only the agents a patch changed move (lib/board/agents.ts `orderAgents`). An
 * unchanged order keeps its identity, so the list below does not re-render.
 */
export function useAgentIds(filter: AgentFilter, sort: AgentSort): readonly string[] {
  const agents = useWallboard((s) => s.agents);
  const ids = useWallboard((s) => s.agentIds);
  const last = useRef<AgentOrder | null>(null);
  return useMemo(() => {
    const prev = last.current;
    const next = orderAgents(prev, agents, ids, filter, sort);
    const same =
      prev !== null && next.ids.length === prev.ids.length && next.ids.every((id, i) => id === prev.ids[i]);
    last.current = same && prev ? { ...next, ids: prev.ids } : next;
    return last.current.ids;
  }, [agents, ids, filter, sort]);
}
