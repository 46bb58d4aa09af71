/**
 * "Send test event" payload (server/webhooks/samples.ts): the first event of a seed flow, in the
 * vendor's own shape.
 */

/** fixtures/voipstudio `queue-call-answered/01-call-initial.json` (from seed 004's attribute list). */
export function voipstudioSample(now: number): object {
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

/** VoIPstudio's `Y-m-d H:i:s`, UTC. */
function ymdHis(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
