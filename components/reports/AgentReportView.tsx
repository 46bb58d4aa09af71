'use client';

import { useState } from 'react';
import type { AgentReportPage, AgentSort } from '../../lib/reports/agentRows';
import { INTERVAL_LABELS, type ReportInterval } from '../../lib/reports/intervals';
import {
  type AgentView,
  agentReportUrl,
  agentStatesKnown,
  callsCsvUrl,
  type QueueScope,
} from '../../lib/reports/query';
import type { DayRange } from '../../lib/reports/ranges';
import { AgentPager, DEFAULT_PAGE_SIZE } from './AgentPager';
import { AgentPicker } from './AgentPicker';
import { AgentPrintControls } from './AgentPrintControls';
import { AgentPrintScope } from './AgentPrintScope';
import { AgentReportTable } from './AgentReportTable';
import { agentOptionsOf } from './agentOptions';
import { ClosingNotice } from './ClosingNotice';
import { CsvLink } from './CsvLink';
import { ReportRefusal } from './ReportRefusal';
import { useAgentPrint } from './useAgentPrint';
import { useReportJson } from './useReportJson';

/**
 * Per agent (`GET /api/v1/reports/agents`) at the page's granularity (15 minutes and hours from the
 * agent quarters, which keep no time in state: shown unknown, with the reason), for the same range
 * and queues: one page at a time, sorted and paged by the server (a 15-minute week is thousands of
 * rows; the browser holds one page), with the whole report's totals; its CSV (every row, the same
 * order) and the raw calls of one day as CSV. A server without this API (404) says so instead of
 * failing. `agents`: the ones picked (none: all); the picker lists the report's agents before the
 * pick (the answer's `agentList`). "Print report" shows and prints every row (useAgentPrint.ts); what
 * is printed otherwise (Ctrl+P) says on paper which rows it holds (AgentPrintScope).
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
  const [sort, setSort] = useState<AgentSort>({ key: 'period', dir: 'asc' });
  const [limit, setLimit] = useState(DEFAULT_PAGE_SIZE);
  // Another report (granularity, queues, agents) or order or page size starts at its first page.
  const report = `${interval}|${JSON.stringify(scope)}|${agents.join(',')}`;
  const query = `${report}|${sort.key} ${sort.dir}|${limit}`;
  const [at, setAt] = useState({ query, offset: 0 });
  const offset = at.query === query ? at.offset : 0;
  const view: AgentView = { ...sort, offset, limit };
  const load = useReportJson<AgentReportPage>(
    agentReportUrl(range, interval, scope, false, agents, view),
    live,
  );
  // While another page or order of the same report loads, the last page stays (marked busy) rather
  // than the table blinking out; another report shows "loading" (its rows would be mislabelled).
  const [shown, setShown] = useState<{ report: string; body: AgentReportPage } | null>(null);
  if (load.state === 'ready' && (shown?.body !== load.body || shown.report !== report))
    setShown({ report, body: load.body });
  const body =
    load.state === 'error'
      ? null
      : load.state === 'ready'
        ? load.body
        : shown?.report === report
          ? shown.body
          : null;
  const printing = useAgentPrint(
    agentReportUrl(range, interval, scope, false, agents, { ...view, limit: null }),
  );
  // Print report's rows, once loaded, stand in for the page's (the same report and order).
  const all = printing.print.state === 'ready' ? printing.print.body : null;
  const table = all ?? body;
  const [callsDay, setCallsDay] = useState(range.to);
  const missing = load.state === 'error' && load.status === 404;
  const options = agentOptionsOf(body?.agentList ?? [], agents);
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
            href={agentReportUrl(range, interval, scope, true, agents, view)}
            label="Download CSV (every row)"
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
          {body && (
            <AgentPrintControls
              total={body.total}
              print={printing.print}
              onPrint={() => void printing.start()}
              onBack={printing.back}
            />
          )}
        </div>
      )}
      {!missing && <AgentPicker chosen={agents} options={options} onChange={onAgents} />}
      {load.state === 'loading' && body === null && (
        <p role="status" className="notice">
          Loading the agents…
        </p>
      )}
      {load.state === 'error' && !missing && <ReportRefusal status={load.status} error={load.error} />}
      {body && <ClosingNotice closing={body.closing} />}
      {body && body.total > 0 && !agentStatesKnown(interval) && (
        <p className="notice" data-testid="agents-states-unknown">
          Ready, not ready and logged-in time are kept per day, not per{' '}
          {INTERVAL_LABELS[interval].toLowerCase()}: they show “—” (unknown) here. Pick Day or Week to see
          them.
        </p>
      )}
      {body &&
        table &&
        (body.total === 0 ? (
          (body.closing?.length ?? 0) > 0 ? null : (
            <p className="notice" data-testid="agents-empty">
              No agent figures in this range.
            </p>
          )
        ) : (
          <>
            <AgentPrintScope offset={all ? 0 : table.offset} rows={table.rows.length} total={table.total} />
            {!all && (
              <AgentPager
                sort={`${body.sort} ${body.dir}`}
                offset={body.offset}
                limit={limit}
                total={body.total}
                onOffset={(o) => setAt({ query, offset: o })}
                onLimit={setLimit}
              />
            )}
            <AgentReportTable
              rows={table.rows}
              totals={table.totals}
              total={table.total}
              interval={interval}
              oneDay={range.from === range.to}
              sort={sort}
              onSort={setSort}
              busy={load.state === 'loading'}
            />
          </>
        ))}
    </section>
  );
}
