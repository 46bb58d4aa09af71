'use client';

import { useMemo, useState } from 'react';
import {
  type AgentReport,
  type AgentReportRow,
  type AgentSort,
  type AgentSortKey,
  nextSort,
  sortAgentRows,
} from '../../lib/reports/agentRows';
import type { ReportInterval } from '../../lib/reports/intervals';
import { agentIntervalOf, agentReportUrl, callsCsvUrl, type QueueScope } from '../../lib/reports/query';
import type { DayRange } from '../../lib/reports/ranges';
import { useFormat } from '../board/Formats';
import { AgentPicker } from './AgentPicker';
import { agentOptionsOf } from './agentOptions';
import { ClosingNotice } from './ClosingNotice';
import { CsvLink } from './CsvLink';
import { periodText } from './periodLabel';
import { ReportRefusal } from './ReportRefusal';
import { useReportJson } from './useReportJson';

type Kind = 'count' | 'maybe' | 'seconds' | 'ms';
const COLUMNS: readonly { key: Exclude<AgentSortKey, 'period' | 'agent'>; label: string; kind: Kind }[] = [
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
 * Per agent (`GET /api/v1/reports/agents`): a sortable table for the same range and queues, its CSV,
 * and the raw calls of one day as CSV. Days or weeks only (a finer page granularity reads days). A
 * server without this API (404) says so instead of failing. `agents`: the ones picked (none: all);
 * the picker lists the agents of the unfiltered report, read as well while some are picked.
 */
export function AgentReportView({
  range,
  interval,
  scope,
  live,
  agents,
  onAgents,
}: {
  range: DayRange;
  interval: ReportInterval;
  scope: QueueScope;
  live: boolean;
  agents: readonly string[];
  onAgents: (agents: string[]) => void;
}) {
  const all = useReportJson<AgentReport>(agentReportUrl(range, interval, scope), live);
  const picked = useReportJson<AgentReport>(
    agents.length > 0 ? agentReportUrl(range, interval, scope, false, agents) : null,
    live,
  );
  const load = agents.length > 0 ? picked : all;
  const options = useMemo(
    () => agentOptionsOf(all.state === 'ready' ? all.body.rows : [], agents),
    [all, agents],
  );
  const [callsDay, setCallsDay] = useState(range.to);
  const missing = load.state === 'error' && load.status === 404;
  return (
    <section aria-label="Agents report" className="report-section">
      {missing ? (
        <p role="status" className="notice" data-testid="agents-unavailable">
          This server does not offer per-agent reports or the per-call export yet (the API answered 404). The
          queue report above is complete.
        </p>
      ) : (
        <div className="report-downloads print:hidden">
          <CsvLink
            href={agentReportUrl(range, interval, scope, true, agents)}
            label="Download CSV"
            testId="csv-agents"
          />
          <label className="calls-day">
            Calls of{' '}
            <input
              type="date"
              value={callsDay}
              min={range.from}
              max={range.to}
              onChange={(e) => setCallsDay(e.target.value)}
            />
          </label>
          <CsvLink href={callsCsvUrl(callsDay, scope)} label="Calls of that day (CSV)" testId="csv-calls" />
        </div>
      )}
      {!missing && <AgentPicker chosen={agents} options={options} onChange={onAgents} />}
      {load.state === 'loading' && (
        <p role="status" className="notice">
          Loading the agents…
        </p>
      )}
      {load.state === 'error' && !missing && <ReportRefusal status={load.status} error={load.error} />}
      {load.state === 'ready' && <ClosingNotice closing={load.body.closing} />}
      {load.state === 'ready' &&
        (load.body.rows.length === 0 ? (
          (load.body.closing?.length ?? 0) > 0 ? null : (
            <p className="notice" data-testid="agents-empty">
              No agent figures in this range.
            </p>
          )
        ) : (
          <AgentTable
            rows={load.body.rows}
            interval={agentIntervalOf(interval)}
            oneDay={range.from === range.to}
          />
        ))}
    </section>
  );
}

function AgentTable({
  rows,
  interval,
  oneDay,
}: {
  rows: readonly AgentReportRow[];
  interval: 'day' | 'week';
  oneDay: boolean;
}) {
  const f = useFormat();
  const [sort, setSort] = useState<AgentSort>({ key: 'period', dir: 'asc' });
  const sorted = useMemo(() => sortAgentRows(rows, sort), [rows, sort]);
  const text = (kind: Kind, v: number | null) =>
    kind === 'count'
      ? f.count(v)
      : kind === 'maybe'
        ? v === null
          ? 'unknown'
          : f.count(v)
        : f.duration(v === null ? null : kind === 'ms' ? v / 1000 : v);
  const header = (key: AgentSortKey, label: string, num: boolean) => (
    <th
      key={key}
      scope="col"
      className={num ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, key))}>
        {label}
        {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="report-table-box">
      <table className="data-table report-table" data-testid="agents-table">
        <caption className="sr-only">Figures per agent and period</caption>
        <thead>
          <tr>
            {!oneDay && header('period', 'Period', false)}
            {header('agent', 'Agent', false)}
            {COLUMNS.map((c) => header(c.key, c.label, true))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr
              key={`${r.start}/${r.agent}`}
              data-testid="agent-row"
              data-agent={r.agent}
              data-period={r.period}
            >
              {!oneDay && <td>{periodText(r.period, interval, false, f)}</td>}
              <td>{r.name ?? r.agent}</td>
              {COLUMNS.map((c) => (
                <td key={c.key} className="num" data-figure={c.key} data-value={r[c.key] ?? ''}>
                  {text(c.kind, r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
