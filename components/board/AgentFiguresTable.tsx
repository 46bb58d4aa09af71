'use client';

import { useMemo, useState } from 'react';
import {
  AGENT_COLUMN_LABEL,
  AGENT_COLUMNS,
  type AgentColumn,
  type AgentFigureRow,
  agentFigureRow,
  firstDirection,
  type SortDirection,
  sortAgentRows,
} from '../../lib/board/agentColumns';
import { useServerNow } from '../live/clock';
import { useWallboardShallow } from '../live/StoreProvider';
import { useFormat } from './Formats';
import { TableWrap } from './TableWrap';

/**
 * Today's figures per agent over the queues looked at (docs/metrics.md, "Per-agent figures"), one
 * row per agent, sortable by any column: each header is a button (keyboard: Tab, Enter), and the
 * sorted one says so with aria-sort. Ticks once a second, since time in state runs.
 */
export function AgentFiguresTable({
  ids,
  scope,
}: {
  ids: readonly string[];
  scope: ReadonlySet<string> | null;
}) {
  const [sort, setSort] = useState<{ column: AgentColumn; direction: SortDirection }>({
    column: 'answered',
    direction: 'descending',
  });
  const now = useServerNow();
  const agents = useWallboardShallow((s) => ids.map((id) => s.agents[id]));
  const extensions = useWallboardShallow((s) => ids.map((id) => s.extensions[id]));
  const rows = useMemo(() => {
    if (now === null) return [];
    const built: AgentFigureRow[] = [];
    agents.forEach((a, i) => {
      if (a) built.push(agentFigureRow(a, extensions[i], scope, now));
    });
    return sortAgentRows(built, sort.column, sort.direction);
  }, [agents, extensions, scope, now, sort]);
  const format = useFormat();
  const onSort = (column: AgentColumn) =>
    setSort((s) =>
      s.column === column
        ? { column, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: firstDirection(column) },
    );
  const cell = (row: AgentFigureRow, column: AgentColumn) => {
    const f = row.figures;
    if (column === 'agent') return `${row.name} ${row.name !== row.extension ? row.extension : ''}`.trim();
    if (column === 'presence') {
      if (!row.presenceNote) return '—';
      const since =
        row.presenceSince !== null && now !== null
          ? ` (${format.duration((now - row.presenceSince) / 1000)})`
          : '';
      return `${row.presenceNote}${since}`;
    }
    if (!f) return '—';
    if (column === 'answered') return String(f.answered);
    if (column === 'missed') return f.missed === null ? 'unknown' : String(f.missed);
    const seconds = {
      talk: f.talkSeconds,
      hold: f.holdSeconds,
      wrap: f.wrapSeconds,
      aht: f.ahtSeconds,
      longest: f.longestTalkSeconds,
      loggedIn: f.loggedInSeconds,
      ready: f.stateSeconds.ready,
      queueCall: f.stateSeconds.queueCall,
      otherCall: f.stateSeconds.otherCall,
      wrapUp: f.stateSeconds.wrapUp,
      notReady: f.stateSeconds.notReady,
    }[column];
    return format.duration(seconds ?? null);
  };
  return (
    <TableWrap label="Agent figures today">
      <table className="data-table agent-figures" data-testid="agent-figures">
        <caption className="sr-only">Today per agent; select a column header to sort by it.</caption>
        <thead>
          <tr>
            {AGENT_COLUMNS.map((c) => (
              <th
                key={c}
                scope="col"
                aria-sort={sort.column === c ? sort.direction : 'none'}
                className={c === 'agent' || c === 'presence' ? undefined : 'num'}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => onSort(c)}
                  data-testid={`sort-${c}`}
                >
                  {AGENT_COLUMN_LABEL[c]}
                  <span aria-hidden="true">
                    {sort.column === c ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`agent-figures-${row.id}`}>
              {AGENT_COLUMNS.map((c) =>
                c === 'agent' ? (
                  <th key={c} scope="row">
                    {cell(row, c)}
                  </th>
                ) : (
                  <td key={c} data-column={c} className={c === 'presence' ? undefined : 'num tabular-nums'}>
                    {cell(row, c)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
