import { closingNotice } from '../../lib/reports/closing';

/** Days of the range still being closed after a restart: not in the report yet (lib/reports/closing.ts). */
export function ClosingNotice({ closing }: { closing: readonly string[] | undefined }) {
  const text = closingNotice(closing);
  return text === null ? null : (
    <p role="status" className="notice" data-testid="report-closing">
      {text}
    </p>
  );
}
