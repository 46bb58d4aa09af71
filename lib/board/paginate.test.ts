import { describe, expect, it } from 'vitest';
import { cardsThatFit, pageAt, pageCount, paginate, rowsThatFit } from './paginate';

describe('paginate', () => {
  it('splits into pages of perPage, the last one shorter', () => {
    expect(paginate([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(paginate([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(paginate([1, 2, 3], 10)).toEqual([[1, 2, 3]]);
  });

  it('always at least one page, and at least one item per page', () => {
    expect(paginate([], 5)).toEqual([[]]);
    expect(paginate([1, 2], 0)).toEqual([[1], [2]]);
    expect(paginate([1, 2], Number.NaN)).toEqual([[1], [2]]);
    expect(paginate([1, 2, 3], 2.9)).toEqual([[1, 2], [3]]);
  });

  it('pageCount agrees with paginate', () => {
    for (const n of [0, 1, 7, 10, 11, 30])
      for (const per of [1, 3, 10]) expect(pageCount(n, per)).toBe(paginate(Array(n).fill(0), per).length);
  });

  it('pageAt wraps around', () => {
    expect(pageAt(0, 3)).toBe(0);
    expect(pageAt(4, 3)).toBe(1);
    expect(pageAt(-1, 3)).toBe(2);
    expect(pageAt(5, 0)).toBe(0);
  });

  it('rowsThatFit measures, never below one', () => {
    expect(rowsThatFit(600, 50)).toBe(12);
    expect(rowsThatFit(599.6, 50)).toBe(12);
    expect(rowsThatFit(40, 50)).toBe(1);
    expect(rowsThatFit(600, 0)).toBe(1);
  });

  it('cardsThatFit counts columns and rows with gaps', () => {
    expect(cardsThatFit({ width: 1000, height: 300 }, { minWidth: 240, height: 90, gap: 10 })).toEqual({
      columns: 4,
      rows: 3,
      perPage: 12,
    });
    expect(cardsThatFit({ width: 100, height: 50 }, { minWidth: 240, height: 90, gap: 10 }).perPage).toBe(1);
  });
});
