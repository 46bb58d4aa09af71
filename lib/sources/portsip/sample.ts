/**
 * "Send test event" payload (server/webhooks/samples.ts): the first event of a seed flow, in the
 * vendor's own shape.
 */

/** Seed 001, `01-call-start.json`: an extension call starting. */
export function portsipWebhookSample(now: number): object {
  return {
    event_type: 'call_start',
    call_id: 'Q0sXhDgxnowmQp1P9swHLw..',
    callee: 'sip:102@test.io',
    callee_display_name: 'Jason',
    caller: 'sip:101@test.io',
    caller_display_name: 'Tom',
    cdr_id: '798119942409949185',
    direction: 'ext',
    session_id: '798119942409949184',
    tenant_id: '798119491077668864',
    time: String(Math.floor(now / 1000)),
  };
}
