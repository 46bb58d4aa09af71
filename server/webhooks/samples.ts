import type { WebhookKind } from './types';

/**
 * One payload per vendor for "Send test event", each the first event of a seed flow (the shapes the
 * scenario tests prove), moved to `now`: PortSIP and VoIPstudio stamp their events, and the edge
 * refuses times far from the arrival time. 3CX sends no time. The ids stay the seeds' own; a test
 * event is never journaled, so they cannot collide with a real call.
 */
export interface SamplePayload {
  readonly contentType: string;
  readonly body: string;
}

/** Seed 001, `01-call-start.json`: an extension call starting. */
function portsip(now: number): object {
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

/** Seed 003, flow 1 `02-ringing-queue.json`: the caller ringing at queue 820. */
function threeCx(): object {
  return {
    Event: 'ringing',
    Callerid: '05552221133',
    User: '820',
    Usertype: 'queue',
    Did: '',
    Id: '230307114903_10-0',
  };
}

/** fixtures/voipstudio `queue-call-answered/01-call-initial.json` (from seed 004's attribute list). */
function voipstudio(now: number): object {
  const at = ymdHis(now);
  return {
    id: 'ev-7c1e0a01',
    event_time: at,
    event_name: 'call.initial',
    call_id: 139543232,
    state: 'INITIAL',
    connected_at: null,
    start_time: at,
    context: 'QUEUE',
    destination: 'in',
    duration: 0,
    t_cause: null,
    src: '+442035141598',
    src_id: null,
    src_name: '"442035141598" <2035141598>',
    src_hash: '3f9a6c1d2b7e4a58b0c9d1e2f3a4b5c6',
    dst: '500',
    dst_id: 3001,
    dst_name: 'Sales Queue',
  };
}

export function samplePayload(kind: WebhookKind, now: number): SamplePayload {
  const payload = kind === 'portsip-webhook' ? portsip(now) : kind === '3cx' ? threeCx() : voipstudio(now);
  return { contentType: 'application/json', body: JSON.stringify(payload) };
}

/** VoIPstudio's `Y-m-d H:i:s`, UTC. */
function ymdHis(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
