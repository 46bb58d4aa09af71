'use client';

import { printRefusal } from '../../lib/reports/agentPrint';
import { useFormat } from '../board/Formats';
import type { AgentPrint } from './useAgentPrint';

/**
 * "Print report" beside the CSV (off paper): every row of the report, then the browser's print.
 * Over MAX_PRINT_ROWS it is disabled and says why and what to do instead; a refusal of the server
 * (its caps: range, agent days, agent quarters) is shown as its text. While every row is shown, a
 * line says so with "Back to pages".
 */
export function AgentPrintControls({
  total,
  print,
  onPrint,
  onBack,
}: {
  total: number;
  print: AgentPrint;
  onPrint: () => void;
  onBack: () => void;
}) {
  const f = useFormat();
  const refusal = printRefusal(total, f.count);
  return (
    <div className="report-print print:hidden" data-testid="agents-print">
      <button
        type="button"
        onClick={onPrint}
        disabled={total === 0 || refusal !== null || print.state === 'loading'}
        aria-describedby={refusal ? 'agents-print-refusal' : undefined}
      >
        {print.state === 'loading' ? 'Loading every row…' : 'Print report'}
      </button>
      {refusal && (
        <span id="agents-print-refusal" className="report-why" data-testid="agents-print-refusal">
          {refusal}
        </span>
      )}
      {print.state === 'error' && (
        <span role="alert" className="report-why" data-testid="agents-print-error">
          {print.error}
        </span>
      )}
      {print.state === 'ready' && (
        <span role="status" data-testid="agents-print-all">
          Showing all {f.count(print.body.total)} rows, as printed.{' '}
          <button type="button" onClick={onBack}>
            Back to pages
          </button>
        </span>
      )}
    </div>
  );
}
