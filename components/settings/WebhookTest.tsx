import type { WebhookTestResult } from '../../lib/settings/webhooks';
import { useMoment } from '../board/Formats';

/** What a test proved, in one line: "Test event accepted: 2 events (callStarted, callLegRinging)". */
export function testText(r: Omit<WebhookTestResult, 'at'>): string {
  if (r.ok) {
    const n = r.events.length;
    return `Test event accepted: ${n} event${n === 1 ? '' : 's'}${n > 0 ? ` (${r.events.join(', ')})` : ''}`;
  }
  return `Test event failed: ${r.status === 0 ? '' : `${r.status} `}${r.error ?? 'no reason given'}`;
}

/**
 * The last "Send test event" of a source, beside it. It comes with the list (the server keeps the
 * last result), so a reload or another admin's screen shows it too.
 */
export function WebhookTestResultLine({ id, result }: { id: string; result: WebhookTestResult | null }) {
  const moment = useMoment();
  if (!result) return null;
  return (
    <p role="status" className={result.ok ? 'muted' : 'form-error'} data-testid={`webhook-test-${id}`}>
      {testText(result)} · {moment(result.at)}
    </p>
  );
}
