import { describe, expect, it } from 'vitest';
import type { Leg } from '../../lib/domain/state';
import { callAgent } from './views';

const leg = (
  target: string,
  status: Leg['status'],
  answeredAt?: number,
  kind: Leg['kind'] = 'extension',
): Leg => ({
  leg: `${target}-leg`,
  target,
  kind,
  status,
  statusAt: answeredAt ?? 0,
  ...(answeredAt === undefined ? {} : { answeredAt }),
});

describe('callAgent', () => {
  it('is the extension of the answered leg still up, the latest after a transfer', () => {
    expect(callAgent({ legs: { a: leg('101', 'ended', 10), b: leg('102', 'answered', 20) } })).toBe('102');
    expect(callAgent({ legs: { a: leg('101', 'answered', 10), b: leg('102', 'answered', 20) } })).toBe('102');
  });

  it('nobody while it rings, nor on a queue or outside leg', () => {
    expect(callAgent({ legs: { a: leg('101', 'ringing') } })).toBeNull();
    expect(callAgent({ legs: { q: leg('8001', 'answered', 5, 'queue') } })).toBeNull();
    expect(callAgent({ legs: {} })).toBeNull();
  });
});
