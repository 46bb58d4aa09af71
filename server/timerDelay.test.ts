import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, timerDelay } from './timerDelay';

describe('timerDelay', () => {
  it('keeps a delay setTimeout can hold, floors a past deadline at 0 and caps a far one', () => {
    expect(timerDelay(1500)).toBe(1500);
    expect(timerDelay(-20)).toBe(0);
    // 296 days: what a test clock far from the real one gave, which Node turned into 1 ms.
    expect(timerDelay(25_574_565_200)).toBe(MAX_TIMER_MS);
  });
});
