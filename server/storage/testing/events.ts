import type { DomainEvent } from '../../../lib/domain/events';

/**
 * Test support: a small valid event whose session id carries `n`, so tests can tell events apart.
 * (Kept apart from tempDir.ts: the crash writer runs outside vitest and must not import it.)
 */
export function answered(n: number, at = 1_773_129_600_000 + n): DomainEvent {
  return {
    type: 'callerAnswered',
    source: 'test',
    origin: 'portsip-webhook',
    at,
    queue: { number: '8000' },
    sessionId: `s${n}`,
    agent: '101',
  };
}
