import { describe, expect, it } from 'vitest';
import { ageLabel, FRESH_FOR_MS, oldestOf, proofAgeMs, queueProofAges } from './freshness';

const NOW = Date.UTC(2026, 2, 10, 12);
const src = (id: string, lastProofOfLifeAt: number | null | undefined) =>
  ({ id, status: 'connected', lastProofOfLifeAt }) as const;

describe('freshness on the glass', () => {
  it('a source whose last proof of life is over 2 min old shows its age on the queues it feeds', () => {
    // PortSIP links are keyed by tenant: a link that is no queue's scope feeds the tenant queues.
    const ages = queueProofAges(
      ['t1/8001', 't1/8002', 'cx/800'],
      [src('pbx', NOW - 150_000), src('cx', NOW - 1_000)],
      NOW,
    );
    expect([...ages]).toEqual([
      ['t1/8001', 150_000],
      ['t1/8002', 150_000],
    ]);
    expect(ageLabel(ages.get('t1/8001') ?? 0)).toBe('2 min old');
  });

  it('a source that proved life within 2 min (a pong on a quiet link) keeps its queues fresh', () => {
    expect(queueProofAges(['t1/8001'], [src('pbx', NOW - FRESH_FOR_MS)], NOW).size).toBe(0);
    expect(queueProofAges(['t1/8001'], [src('pbx', NOW - 5_000)], NOW).size).toBe(0);
  });

  it('a source whose own id is the scope affects only its queues', () => {
    const ages = queueProofAges(['cx/800', 't1/8001'], [src('cx', NOW - 10 * 60_000), src('pbx', NOW)], NOW);
    expect([...ages.keys()]).toEqual(['cx/800']);
    expect(ageLabel(ages.get('cx/800') ?? 0)).toBe('10 min old');
  });

  it('unknown proof of life is not called old (source health says what is wrong)', () => {
    expect(proofAgeMs(src('pbx', null), NOW)).toBeNull();
    expect(proofAgeMs(src('pbx', undefined), NOW)).toBeNull();
    expect(queueProofAges(['t1/8001'], [src('pbx', null)], NOW).size).toBe(0);
  });

  it('a tile over several queues shows the oldest age; labels grow to hours and days', () => {
    const ages = new Map([
      ['a', 130_000],
      ['b', 3 * 3600_000],
    ]);
    expect(oldestOf(ages, ['a', 'b', 'c'])).toBe(3 * 3600_000);
    expect(oldestOf(ages, ['c'])).toBeNull();
    expect(ageLabel(3 * 3600_000)).toBe('3 h old');
    expect(ageLabel(72 * 3600_000)).toBe('3 d old');
  });
});
