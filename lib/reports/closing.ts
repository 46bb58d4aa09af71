/**
 * Days of a report's range whose close after a restart is still being written (the reports' `closing`,
 * docs/api.md): they have no rows yet, which is not "no calls". The page says so, and reads again soon.
 */
export const CLOSING_RETRY_MS = 5000;

export function closingNotice(closing: readonly string[] | undefined): string | null {
  if (!closing || closing.length === 0) return null;
  const one = closing.length === 1;
  const days = one ? closing[0] : `${closing.slice(0, -1).join(', ')} and ${closing[closing.length - 1]}`;
  return `${days} ${one ? 'is' : 'are'} still being closed after the server's restart: ${
    one ? 'its' : 'their'
  } figures are not in this report yet. It is read again in a few seconds.`;
}

/** Whether a report's body names days still being closed. */
export function hasClosingDays(body: unknown): boolean {
  const closing = (body as { closing?: unknown } | null)?.closing;
  return Array.isArray(closing) && closing.length > 0;
}
