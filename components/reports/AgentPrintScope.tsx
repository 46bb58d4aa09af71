'use client';

import { printScopeNote } from '../../lib/reports/agentPrint';
import { useFormat } from '../board/Formats';

/**
 * On paper only: which rows of the agent report the printout holds ("Rows 51–100 of 340 — use
 * Print report for all"), so a page printed with the browser's own print (Ctrl+P) never passes
 * for the whole report. The pager it stands for is off paper.
 */
export function AgentPrintScope({ offset, rows, total }: { offset: number; rows: number; total: number }) {
  const f = useFormat();
  return (
    <p className="report-print-scope hidden print:block" data-testid="agents-print-scope">
      {printScopeNote({ offset, rows, total }, f.count)}
    </p>
  );
}
