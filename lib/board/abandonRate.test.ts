import { describe, expect, it } from 'vitest';
import { type Figures, ZERO } from '../domain/figures';
import { type QueueView, todayOf } from '../domain/view';
import { abandonRateLevel, abandonRateText, boardAbandonRate } from './abandonRate';
import { boardKpis } from './kpis';
import { boardSchema, DEFAULT_THRESHOLDS } from './model';

const queue = (id: string, f: Partial<Figures>): QueueView => ({
  id,
  name: id,
  number: null,
  queueId: null,
  waiting: [],
  agents: [],
  today: todayOf({ ...ZERO, ...f }, { longestWaitSeconds: 0, slaBreaches: 0 }),
});
const th = DEFAULT_THRESHOLDS.abandonRate; // warn ≥ 5 %, critical ≥ 10 %

describe('board abandon rate', () => {
  // The issue: one caller hung up within the short-abandon seconds, of the day's first six calls.
  const earlyMorning = [queue('q', { offered: 6, answered: 5, abandoned: 1, shortAbandoned: 1 })];

  it('one early short abandon of six calls is not critical on a board that has not chosen', () => {
    const board = boardSchema.parse({ name: 'Stored before the choice existed' });
    const k = boardKpis(earlyMorning, board.serviceLevelFormula, board.abandonRate);
    expect(k.abandonRate).toBeCloseTo(1 / 6, 12); // the number still means abandoned ÷ offered
    expect(abandonRateLevel(th, k.abandon)).toBe('none'); // 6 calls < the 10 a level needs
    expect(abandonRateText(k.abandon, k.abandonSettings)).toBe(
      'abandoned ÷ offered = 1 ÷ 6 · no level under 10 calls',
    );
  });

  it('without short abandons the short abandon leaves both sides', () => {
    const s = { countShortAbandons: false, minCalls: 0 };
    const k = boardKpis(earlyMorning, undefined, s);
    expect(k.abandonRate).toBe(0);
    expect(k.abandon).toMatchObject({ abandoned: 0, calls: 5, judged: true });
    expect(abandonRateLevel(th, k.abandon)).toBe('ok');
    expect(abandonRateText(k.abandon, s)).toBe('(abandoned − short) ÷ (offered − short) = 0 ÷ 5');
  });

  it('counting short abandons with no minimum, the same day is critical (the old reading)', () => {
    const k = boardKpis(earlyMorning, undefined, { countShortAbandons: true, minCalls: 0 });
    expect(abandonRateLevel(th, k.abandon)).toBe('critical');
  });

  it('the minimum counts the calls the rate divides by, summed over the board’s queues', () => {
    const queues = [
      queue('a', { offered: 6, abandoned: 2, shortAbandoned: 1 }),
      queue('b', { offered: 5, abandoned: 1, shortAbandoned: 1 }),
    ];
    const counted = boardKpis(queues, undefined, { countShortAbandons: true, minCalls: 11 });
    expect(counted.abandon).toMatchObject({ abandoned: 3, calls: 11, judged: true });
    expect(counted.abandonRate).toBeCloseTo(3 / 11, 12);
    expect(abandonRateLevel(th, counted.abandon)).toBe('critical');
    const excluded = boardKpis(queues, undefined, { countShortAbandons: false, minCalls: 11 });
    expect(excluded.abandon).toMatchObject({ abandoned: 1, calls: 9, judged: false });
    expect(excluded.abandonRate).toBeCloseTo(1 / 9, 12); // shown, but not judged
    expect(abandonRateLevel(th, excluded.abandon)).toBe('none');
  });

  it('no calls: no value and no level, whatever the minimum', () => {
    const r = boardAbandonRate(ZERO, { countShortAbandons: false, minCalls: 0 });
    expect(r.value).toBeNull();
    expect(abandonRateLevel(th, r)).toBe('none');
    // Every call a short abandon: nothing left to divide by.
    const allShort = { offered: 3, abandoned: 3, shortAbandoned: 3 };
    expect(boardAbandonRate(allShort, { countShortAbandons: false, minCalls: 0 }).value).toBeNull();
  });
});
