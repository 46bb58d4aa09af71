import { describe, expect, it } from 'vitest';
import { durationWords, formatAge, formatDuration } from './format';

describe('formats', () => {
  it('durations; unknown is a dash', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('words and ages', () => {
    expect(durationWords(125)).toBe('2 minutes 5 seconds');
    expect(durationWords(0)).toBe('0 seconds');
    expect(durationWords(3600)).toBe('1 hour');
    expect(formatAge(null)).toBe('no events yet');
    expect(formatAge(1)).toBe('just now');
    expect(formatAge(42)).toBe('42 s ago');
    expect(formatAge(600)).toBe('10 min ago');
  });
});
