/**
 * The API said no: the server's own reason (400 names the limit), or, signed out or without the
 * right, what to do. Never a crash, never an empty page.
 */
export function ReportRefusal({ status, error }: { status: number; error: string }) {
  const text =
    status === 401
      ? 'Sign in again to read reports.'
      : status === 403
        ? 'Your account may not read these reports.'
        : status === 0
          ? 'The server could not be reached; try again in a moment.'
          : error;
  return (
    <p role="alert" className="form-error" data-testid="report-error" data-status={status}>
      {text}
    </p>
  );
}
