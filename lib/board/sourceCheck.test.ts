import { describe, expect, it } from 'vitest';
import { formatAge } from '../../components/live/format';
import { checkSummary } from './sourceCheck';

const NOW = Date.UTC(2026, 2, 10, 12);
const checked = (ago: number | null, waitingCaller = 0, agentState = 0) => ({
  drift: {
    check: {
      lastCheckedAt: ago === null ? null : NOW - ago,
      differencesToday: { waitingCaller, agentState },
    },
  },
});

describe('a source’s self-check on the board', () => {
  it('says how long ago the last check came in and today’s differences', () => {
    expect(checkSummary(checked(12_400), NOW, formatAge)?.text).toBe(
      'checked 12 s ago · 0 differences today',
    );
    const some = checkSummary(checked(300_000, 1, 2), NOW, formatAge);
    expect(some?.text).toBe('checked 5 min ago · 3 differences today');
    expect(some?.title).toBe(
      'self-check against the PBX today: 1 waiting caller, 2 agent states differed (healed)',
    );
    expect(checkSummary(checked(0, 0, 1), NOW, formatAge)?.text).toBe(
      'checked just now · 1 difference today',
    );
  });

  it('a source not checked says nothing; one whose first check is not in yet says "not checked yet"', () => {
    expect(checkSummary({}, NOW, formatAge)).toBeNull();
    expect(checkSummary(checked(null), NOW, formatAge)?.text).toBe('not checked yet · 0 differences today');
  });
});
