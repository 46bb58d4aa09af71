'use client';

import type { AgentReportRow, AgentSort, AgentSortKey, AgentTotals } from '../../lib/reports/agentRows';
import { nextSort } from '../../lib/reports/agentRows';
import type { ReportInterval } from '../../lib/reports/intervals';
import { useFormat } from '../board/Formats';
import { periodText } from './periodLabel';

type Kind = 'count' | 'maybe' | 'seconds' | 'ms';
type FigureKey = Exclude<AgentSortKey, 'period' | 'agent'>;
const COLUMNS: readonly { key: FigureKey; label: string; kind: Kind }[] = [
  { key: 'answered', label: 'Answered', kind: 'count' },
  { key: 'missed', label: 'Missed', kind: 'maybe' },
  { key: 'ahtSeconds', label: 'AHT', kind: 'seconds' },
  { key: 'talkSeconds', label: 'Talk', kind: 'seconds' },
  { key: 'holdSeconds', label: 'Hold', kind: 'seconds' },
  { key: 'wrapSeconds', label: 'Wrap', kind: 'seconds' },
  { key: 'longestTalkSeconds', label: 'Longest', kind: 'seconds' },
  { key: 'readyMs', label: 'Ready', kind: 'ms' },
  { key: 'notReadyMs', label: 'Not ready', kind: 'ms' },
  { key: 'loggedInMs', label: 'Logged in', kind: 'ms' },
];

/**
 * One page of the agent report as the server sorted it (the browser sorts nothing: a header click
 * asks the server, `onSort`), and the whole report's totals in the footer. A null figure is shown as
 * unknown ("unknown" for missed, "—" for a time), with `title` saying so.
 */
export function AgentReportTable({
  rows,
  totals,
  total,
  interval,
  oneDay,
  sort,
  onSort,
  busy,
}: {
  rows: readonly AgentReportRow[];
  totals: AgentTotals;
  total: number;
  interval: ReportInterval;
  oneDay: boolean;
  sort: AgentSort;
  onSort: (sort: AgentSort) => void;
  busy: boolean;
}) {
  const f = useFormat();
  // Below a day, one day still has many periods: the period column stays, as its time of day.
  const showPeriod = !oneDay || interval === '15m' || interval === 'hour';
  const text = (kind: Kind, v: number | null) =>
    kind === 'count'
      ? f.count(v)
      : kind === 'maybe'
        ? v === null
          ? 'unknown'
          : f.count(v)
        : f.duration(v === null ? null : kind === 'ms' ? v / 1000 : v);
  const cell = (c: (typeof COLUMNS)[number], v: number | null) => (
    <td
      key={c.key}
      className="num"
      data-figure={c.key}
      data-value={v ?? ''}
      title={v === null ? 'unknown' : undefined}
    >
      {text(c.kind, v)}
    </td>
  );
  const header = (key: AgentSortKey, label: string, num: boolean) => (
    <th
      key={key}
      scope="col"
      className={num ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, key))}>
        {label}
        {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="report-table-box">
      <table
        className="data-table report-table"
        data-testid="agents-table"
        data-sort={`${sort.key} ${sort.dir}`}
        aria-busy={busy}
      >
        <caption className="sr-only">Figures per agent and period</caption>
        <thead>
          <tr>
            {showPeriod && header('period', 'Period', false)}
            {header('agent', 'Agent', false)}
            {COLUMNS.map((c) => header(c.key, c.label, true))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.start}/${r.agent}`}
              data-testid="agent-row"
              data-agent={r.agent}
              data-period={r.period}
            >
              {showPeriod && <td>{periodText(r.period, interval, oneDay, f)}</td>}
              <td>{r.name ?? r.agent}</td>
              {COLUMNS.map((c) => cell(c, r[c.key]))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="agents-total">
            <th scope="row" colSpan={showPeriod ? 2 : 1}>
              Total ({f.count(total)} {total === 1 ? 'row' : 'rows'})
            </th>
            {COLUMNS.map((c) => cell(c, totals[c.key]))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
