'use client';

import { useId, useMemo, useState } from 'react';
import { AGENT_SORTS, type AgentSort } from '../../lib/board/agentOrder';
import { agentNow, readyWhileOffline } from '../../lib/board/agents';
import type { Board } from '../../lib/board/model';
import { queueLabel } from '../../lib/board/queues';
import { AGENT_STATES, type AgentState } from '../../lib/domain/events';
import { useWallboard, useWallboardShallow } from '../live/StoreProvider';
import { AgentCard } from './AgentCard';
import { AgentFiguresTable } from './AgentFiguresTable';
import { BoardFrame } from './BoardFrame';
import { AGENT_STATE_LABEL } from './labels';
import { useBoardQueueIds } from './SupervisorBoardPage';
import { useAgentIds } from './useAgentIds';

const SORT_LABEL: Record<AgentSort, string> = {
  state: 'State (busiest first)',
  name: 'Name',
  extension: 'Extension',
  timeInState: 'Time in state (longest first)',
};

/** `/boards/<id>/agents`: every agent of the board's queues as a card; filter, sort, flags. */
export function AgentBoardPage({ boardId }: { boardId: string }) {
  return (
    <BoardFrame boardId={boardId} section="agents" title={(b) => `${b.name}: agents`}>
      {(board) => <AgentBoard board={board} />}
    </BoardFrame>
  );
}

function AgentBoard({ board }: { board: Board }) {
  const queueIds = useBoardQueueIds(board);
  const boardScope = useMemo(
    () => (board.queues === 'all' ? null : new Set(queueIds)),
    [board.queues, queueIds],
  );
  const [queue, setQueue] = useState<string | null>(null);
  const [state, setState] = useState<AgentState | null>(null);
  const [sort, setSort] = useState<AgentSort>('state');
  const [view, setView] = useState<'cards' | 'figures'>('cards');
  const scope = useMemo(() => (queue !== null ? new Set([queue]) : boardScope), [queue, boardScope]);
  const states = useMemo(() => (state ? new Set([state]) : null), [state]);
  const filter = useMemo(() => ({ boardQueues: boardScope, queue, states }), [boardScope, queue, states]);
  const ids = useAgentIds(filter, sort);
  const flagged = useWallboard((s) => {
    let n = 0;
    for (const id of s.agentIds) {
      const a = s.agents[id];
      const now = a ? agentNow(a, scope) : null;
      if (now && readyWhileOffline(now.state, s.extensions[id])) n++;
    }
    return n;
  });
  const names = useWallboardShallow((s) =>
    queueIds.map((id) => (s.queues[id] ? queueLabel(s.queues[id]) : id)),
  );
  const f = useId();
  return (
    <section aria-labelledby={`${f}-h`} className="section">
      <h2 id={`${f}-h`} className="sr-only">
        Agents
      </h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Queue</span>
          <select
            value={queue ?? ''}
            onChange={(e) => setQueue(e.target.value || null)}
            data-testid="agent-filter-queue"
          >
            <option value="">All queues of the board</option>
            {queueIds.map((id, i) => (
              <option key={id} value={id}>
                {names[i]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>State</span>
          <select
            value={state ?? ''}
            onChange={(e) => setState((e.target.value || null) as AgentState | null)}
            data-testid="agent-filter-state"
          >
            <option value="">All states</option>
            {AGENT_STATES.map((s) => (
              <option key={s} value={s}>
                {AGENT_STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Sort by</span>
          <select
            value={sort}
            onChange={(e) => setSort(e.target.value as AgentSort)}
            data-testid="agent-sort"
          >
            {AGENT_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Show</span>
          <select
            value={view}
            onChange={(e) => setView(e.target.value === 'figures' ? 'figures' : 'cards')}
            data-testid="agent-view"
          >
            <option value="cards">Cards</option>
            <option value="figures">Figures today (table)</option>
          </select>
        </label>
        <p className="filters-summary" aria-live="polite">
          {ids.length} {ids.length === 1 ? 'agent' : 'agents'}
          {flagged > 0 && (
            <span className="lvl-warn" data-testid="ready-offline-count">
              {' '}
              · <span aria-hidden="true">▲</span> {flagged} ready with the phone offline
            </span>
          )}
        </p>
      </form>
      {ids.length > 0 && view === 'figures' ? (
        <AgentFiguresTable ids={ids} scope={scope} />
      ) : ids.length > 0 ? (
        <ul className="agent-grid" aria-label="Agents">
          {ids.map((id) => (
            <AgentCard
              key={id}
              id={id}
              scope={scope}
              mask={board.maskCallers}
              limits={board.agentThresholds}
            />
          ))}
        </ul>
      ) : (
        <p className="notice">No agents to show{queue || state ? ' with these filters' : ''}.</p>
      )}
    </section>
  );
}
