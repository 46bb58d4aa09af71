import { describe, expect, it } from 'vitest';
import { agreementNote } from './agreement';

const clock = (at: number) => new Date(at).toISOString().slice(11, 16);
const at0915 = Date.UTC(2026, 2, 10, 9, 15);

describe('agreementNote', () => {
  it('says nothing for a source paired with none (unknown, not "0 of 0")', () => {
    expect(agreementNote(undefined, clock)).toBeNull();
  });

  it('says how many quarter-hours agreed', () => {
    expect(
      agreementNote({ comparedWith: 'link-1', bucketsCompared: 12, bucketsDisagreeing: 0 }, clock),
    ).toEqual({
      text: 'agrees with link-1: 12 of 12 quarter-hours',
      warn: false,
    });
    expect(
      agreementNote({ comparedWith: 'link-1', bucketsCompared: 0, bucketsDisagreeing: 0 }, clock)?.warn,
    ).toBe(false);
  });

  it('warns of a disagreement with the latest one and the first count that differs', () => {
    const note = agreementNote(
      {
        comparedWith: 'link-1',
        bucketsCompared: 12,
        bucketsDisagreeing: 3,
        last: {
          queue: '676398719834259456/8001',
          bucketStart: at0915,
          ours: { offered: 11, answered: 9, unanswered: 2 },
          theirs: { offered: 14, answered: 11, unanswered: 3 },
        },
      },
      clock,
    );
    expect(note).toEqual({
      text: 'disagrees with link-1 in 3 of 12 quarter-hours · last 09:15 queue 8001 offered 11 vs 14',
      warn: true,
    });
  });

  it('names the answered count when the offered ones agree', () => {
    const note = agreementNote(
      {
        comparedWith: 'hook',
        bucketsCompared: 1,
        bucketsDisagreeing: 1,
        last: {
          queue: 't/8002',
          bucketStart: at0915,
          ours: { offered: 5, answered: 5, unanswered: 0 },
          theirs: { offered: 5, answered: 4, unanswered: 1 },
        },
      },
      clock,
    );
    expect(note?.text).toBe(
      'disagrees with hook in 1 of 1 quarter-hour · last 09:15 queue 8002 answered 5 vs 4',
    );
  });
});
