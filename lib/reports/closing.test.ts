import { describe, expect, it } from 'vitest';
import { closingNotice, hasClosingDays } from './closing';

describe('days still being closed, on the reports page', () => {
  it('says nothing when none are', () => {
    expect(closingNotice(undefined)).toBeNull();
    expect(closingNotice([])).toBeNull();
    expect(hasClosingDays({ rows: [] })).toBe(false);
    expect(hasClosingDays({ closing: [] })).toBe(false);
    expect(hasClosingDays(null)).toBe(false);
  });

  it('names the days, one or several', () => {
    expect(closingNotice(['2026-03-10'])).toBe(
      "2026-03-10 is still being closed after the server's restart: its figures are not in this report yet. It is read again in a few seconds.",
    );
    expect(closingNotice(['2026-03-08', '2026-03-09', '2026-03-10'])).toMatch(
      /^2026-03-08, 2026-03-09 and 2026-03-10 are still being closed .* their figures are not/,
    );
    expect(hasClosingDays({ closing: ['2026-03-10'] })).toBe(true);
  });
});
