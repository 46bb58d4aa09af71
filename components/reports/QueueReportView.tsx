'use client';

import { useMemo } from 'react';
import type { ReportInterval } from '../../lib/reports/intervals';
import { type QueueScope, queueReportUrl } from '../../lib/reports/query';
import { comparePoints, type QueueReport, totalOf } from '../../lib/reports/queueSeries';
import type { DayRange } from '../../lib/reports/ranges';
import { ClosingNotice } from './ClosingNotice';
import { CompareCharts } from './CompareCharts';
import { CsvLink } from './CsvLink';
import { QueueReportTable } from './QueueReportTable';
import { ReportRefusal } from './ReportRefusal';
import { rangeText } from './rangeText';
import { TotalsChange } from './TotalsChange';
import { useReportJson } from './useReportJson';

/**
 * The queue report: `GET /api/v1/reports/queues` for the range and for the previous one (the
 * comparison), drawn as totals with their change, charts and the table; CSV of both.
 */
export function QueueReportView({
  range,
  previous,
  interval,
  scope,
  live,
  queueName,
}: {
  range: DayRange;
  previous: DayRange;
  interval: ReportInterval;
  scope: QueueScope;
  live: boolean;
  queueName: (key: string) => string;
}) {
  const url = queueReportUrl(range, interval, scope);
  const prevUrl = queueReportUrl(previous, interval, scope);
  const now = useReportJson<QueueReport>(url, live);
  const before = useReportJson<QueueReport>(prevUrl, false);
  const beforeRows = before.state === 'ready' ? before.body.rows : null;
  const points = useMemo(
    () =>
      now.state === 'ready'
        ? comparePoints(
            { rows: now.body.rows, range },
            beforeRows ? { rows: beforeRows, range: previous } : null,
            interval,
          )
        : [],
    [now, beforeRows, range, previous, interval],
  );
  const oneDay = range.from === range.to && previous.from === previous.to;
  const nowLabel = rangeText(range);
  const beforeLabel = rangeText(previous);

  return (
    <section aria-label="Queues report" className="report-section">
      <div className="report-downloads print:hidden">
        <CsvLink
          href={queueReportUrl(range, interval, scope, true)}
          label="Download CSV"
          testId="csv-queues"
        />
        <CsvLink
          href={queueReportUrl(previous, interval, scope, true)}
          label={`CSV of ${beforeLabel}`}
          testId="csv-queues-previous"
        />
      </div>
      {now.state === 'loading' && (
        <p role="status" className="notice" data-testid="report-loading">
          Loading the report…
        </p>
      )}
      {now.state === 'error' && <ReportRefusal status={now.status} error={now.error} />}
      {now.state === 'ready' && (
        <>
          {before.state === 'error' && (
            <p className="notice" role="status">
              The previous period could not be read ({before.error}); shown without it.
            </p>
          )}
          <ClosingNotice closing={now.body.closing} />
          <TotalsChange
            now={totalOf(now.body.rows)}
            before={beforeRows ? totalOf(beforeRows) : null}
            nowLabel={nowLabel}
            beforeLabel={beforeLabel}
          />
          <CompareCharts
            points={points}
            interval={interval}
            oneDay={oneDay}
            nowLabel={nowLabel}
            beforeLabel={beforeLabel}
          />
          {now.body.rows.length === 0 ? (
            (now.body.closing?.length ?? 0) > 0 ? null : (
              <p className="notice" data-testid="report-empty">
                No calls in {nowLabel} for these queues.
              </p>
            )
          ) : (
            <QueueReportTable
              rows={now.body.rows}
              interval={interval}
              oneDay={range.from === range.to}
              queueName={queueName}
            />
          )}
        </>
      )}
    </section>
  );
}
