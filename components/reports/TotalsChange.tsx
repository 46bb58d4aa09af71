'use client';

import type { Formatter } from '../../lib/board/format';
import { changeOf, SUMMARY_KEYS, type Summary, type SummaryKey } from '../../lib/reports/queueSeries';
import { useFormat } from '../board/Formats';

export const SUMMARY_LABELS: Readonly<Record<SummaryKey, string>> = {
  offered: 'Offered',
  answered: 'Answered',
  abandoned: 'Abandoned',
  serviceLevel: 'Service level',
  abandonRate: 'Abandon rate',
  asaSeconds: 'ASA',
  ahtSeconds: 'AHT',
};

/** How each figure is written, and whether up is good (for the change's words, not colour alone). */
const KINDS: Readonly<Record<SummaryKey, { kind: 'count' | 'ratio' | 'seconds'; upIsGood: boolean }>> = {
  offered: { kind: 'count', upIsGood: true },
  answered: { kind: 'count', upIsGood: true },
  abandoned: { kind: 'count', upIsGood: false },
  serviceLevel: { kind: 'ratio', upIsGood: true },
  abandonRate: { kind: 'ratio', upIsGood: false },
  asaSeconds: { kind: 'seconds', upIsGood: false },
  ahtSeconds: { kind: 'seconds', upIsGood: false },
};

export function summaryText(f: Formatter, key: SummaryKey, v: number | null): string {
  const { kind } = KINDS[key];
  return kind === 'count' ? f.count(v) : kind === 'ratio' ? f.percent(v, 1) : f.duration(v);
}

function signed(text: string, delta: number): string {
  return delta > 0 ? `+${text}` : delta < 0 ? `−${text}` : text;
}

function changeText(f: Formatter, key: SummaryKey, now: Summary, before: Summary): string {
  const c = changeOf(key, now, before);
  if (c.delta === null) return '—';
  const { kind } = KINDS[key];
  const size = Math.abs(c.delta);
  const main =
    kind === 'count'
      ? f.count(size)
      : kind === 'ratio'
        ? `${f.number(size * 100, 1)} pts`
        : `${f.number(size, 0)} s`;
  const rel = c.relative === null ? '' : ` (${signed(f.percent(Math.abs(c.relative), 1), c.relative)})`;
  return `${signed(main, c.delta)}${rel}`;
}

/**
 * The range's totals beside the previous range's, and how each moved ("+12 (+8.5 %)", "−3.1 pts").
 * Whether a move is better or worse is said in words for screen readers and on paper, not by colour.
 */
export function TotalsChange({
  now,
  before,
  nowLabel,
  beforeLabel,
}: {
  now: Summary;
  before: Summary | null;
  nowLabel: string;
  beforeLabel: string;
}) {
  const f = useFormat();
  return (
    <table className="data-table report-totals" data-testid="report-totals">
      <caption className="report-caption">Totals against the previous period</caption>
      <thead>
        <tr>
          <th scope="col">Figure</th>
          <th scope="col" className="num">
            {nowLabel}
          </th>
          <th scope="col" className="num">
            {beforeLabel}
          </th>
          <th scope="col" className="num">
            Change
          </th>
        </tr>
      </thead>
      <tbody>
        {SUMMARY_KEYS.map((key) => {
          const c = before ? changeOf(key, now, before) : null;
          const better =
            c?.delta == null || c.delta === 0
              ? null
              : c.delta > 0 === KINDS[key].upIsGood
                ? 'better'
                : 'worse';
          return (
            <tr key={key} data-testid={`total-${key}`} data-change={better ?? 'none'}>
              <th scope="row">{SUMMARY_LABELS[key]}</th>
              <td className="num" data-value={now[key] ?? ''}>
                {summaryText(f, key, now[key])}
              </td>
              <td className="num" data-value={before?.[key] ?? ''}>
                {before ? summaryText(f, key, before[key]) : '…'}
              </td>
              <td className="num">
                {before ? changeText(f, key, now, before) : '…'}
                {better && <span className="sr-only"> ({better})</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
