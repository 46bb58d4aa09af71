import { fixtureText } from '../../lib/testing/support';

/**
 * Test support only: PortSIP "Event URL" call_cdr bodies in the shape of seed 000 (IVR 5000 → queue
 * 8000, marked as a queue leg → agent 103 answers), each a distinct call (session and call ids from `n`), moved in time so
 * the call ends at `endedAt` (ms). The seed's missing comma is restored.
 */
const SEED = fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json')
  .replace('"trunk_name":"AudioCodes"\n', '"trunk_name":"AudioCodes",\n')
  // Mark the queue's target as a queue leg, as a PBX does when the CDR comes from a queue call.
  .replace(
    '"call_type":"normal_call",\n         "callee":"8000"',
    '"call_type":"queue_call",\n         "callee":"8000"',
  );
const SEED_END = 1679476870;

export function portsipCdrBody(n: number, endedAt: number): string {
  const shift = Math.floor(endedAt / 1000) - SEED_END;
  return SEED.replace(/"(16794768\d\d)"/g, (_m, t: string) => `"${Number(t) + shift}"`)
    .replace('"690852418417594368"', `"${7_000_000_000_000_000n + BigInt(n)}"`)
    .replace('"b6PEEYEcn5speSovMAybCw.."', `"crash-test-call-${n}"`);
}

/** The session id `portsipCdrBody(n, …)` carries. */
export const sessionIdOf = (n: number) => String(7_000_000_000_000_000n + BigInt(n));
