'use client';

import type { ReportInterval } from '../../lib/reports/intervals';
import { type QueueReportRow, type Summary, totalOf } from '../../lib/reports/queueSeries';
import { useFormat } from '../board/Formats';
import { periodText } from './periodLabel';

const COLUMNS: readonly { key: keyof Summary; label: string; kind: 'count' | 'ratio' | 'seconds' }[] = [
  { key: 'offered', label: 'Offered', kind: 'count' },
  { key: 'answered', label: 'Answered', kind: 'count' },
  { key: 'abandoned', label: 'Abandoned', kind: 'count' },
  { key: 'serviceLevel', label: 'Service level', kind: 'ratio' },
  { key: 'abandonRate', label: 'Abandon rate', kind: 'ratio' },
  { key: 'asaSeconds', label: 'ASA', kind: 'seconds' },
  { key: 'ahtSeconds', label: 'AHT', kind: 'seconds' },
];

/**
 * The queue report's rows as the API gave them (one per period and queue) and the range's total.
 * Each figure cell carries its raw value (`data-value`, empty = unknown) beside the formatted text.
 * On paper it wraps instead of scrolling (reports.css), so no column is cut.
 */
export function QueueReportTable({
  rows,
  interval,
  oneDay,
  queueName,
}: {
  rows: readonly QueueReportRow[];
  interval: ReportInterval;
  oneDay: boolean;
  queueName: (key: string) => string;
}) {
  const f = useFormat();
  const text = (kind: 'count' | 'ratio' | 'seconds', v: number | null) =>
    kind === 'count' ? f.count(v) : kind === 'ratio' ? f.percent(v, 1) : f.duration(v);
  const total = totalOf(rows);
  return (
    <div className="report-table-box">
      <table className="data-table report-table" data-testid="report-table">
        <caption className="sr-only">Calls per period and queue</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Queue</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.start}/${r.queue}`}
              data-testid="report-row"
              data-period={r.period}
              data-queue={r.queue}
            >
              <td>{periodText(r.period, interval, oneDay, f)}</td>
              <td>{queueName(r.queue)}</td>
              {COLUMNS.map((c) => (
                <td key={c.key} className="num" data-figure={c.key} data-value={r[c.key] ?? ''}>
                  {text(c.kind, r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="report-total">
            <th scope="row" colSpan={2}>
              Total
            </th>
            {COLUMNS.map((c) => (
              <td key={c.key} className="num" data-figure={c.key} data-value={total[c.key] ?? ''}>
                {text(c.kind, total[c.key])}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
