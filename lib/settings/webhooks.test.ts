import { describe, expect, it } from 'vitest';
import { droppedText, replayNote, todayCountsText } from './webhooks';

describe('webhook source page texts', () => {
  it("say today's counts with grouped digits", () => {
    expect(todayCountsText({ accepted: 1234, rejected: 3 })).toBe('today: 1,234 accepted · 3 rejected');
    expect(todayCountsText({ accepted: 0, rejected: 0 })).toBe('today: 0 accepted · 0 rejected');
    expect(todayCountsText({ accepted: 1_234_567, rejected: 999 })).toBe(
      'today: 1,234,567 accepted · 999 rejected',
    );
  });

  it('say how many dead letters the cap dropped, and nothing when none were', () => {
    expect(droppedText(0)).toBeNull();
    expect(droppedText(1)).toBe('1 older dead letter was dropped to stay under the cap');
    expect(droppedText(12_345)).toBe('12,345 older dead letters were dropped to stay under the cap');
  });

  it("say when a letter was replayed and what came of it, and nothing for one that wasn't", () => {
    const clock = (at: number) => `@${at}`;
    expect(replayNote({ replayedAt: null, replayResult: null }, clock)).toBeNull();
    expect(replayNote({ replayedAt: 5, replayResult: 'still invalid: no event type' }, clock)).toBe(
      'replayed @5: still invalid: no event type',
    );
    expect(replayNote({ replayedAt: 5, replayResult: null }, clock)).toBe('replayed @5: no result recorded');
  });
});
