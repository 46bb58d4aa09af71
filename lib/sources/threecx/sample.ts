/**
 * "Send test event" payload (server/webhooks/samples.ts): the first event of a seed flow, in the
 * vendor's own shape.
 */

/** Seed 003, flow 1 `02-ringing-queue.json`: the caller ringing at queue 820. */
export function threeCxSample(): object {
  return {
    Event: 'ringing',
    Callerid: '05552221133',
    User: '820',
    Usertype: 'queue',
    Did: '',
    Id: '230307114903_10-0',
  };
}
