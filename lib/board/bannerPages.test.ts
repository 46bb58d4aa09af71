import { describe, expect, it } from 'vitest';
import { bannerPages, pageFrom, pageOfNew } from './bannerPages';

describe('the kiosk notices in pages', () => {
  it('all on one page when they fit', () => {
    expect(bannerPages(['a1'], ['m1', 'm2'], 3)).toEqual([{ alerts: ['a1'], messages: ['m1', 'm2'] }]);
  });

  it('alerts first; the rest take their turn, every notice on exactly one page', () => {
    const pages = bannerPages(['a1', 'a2', 'a3'], ['m1', 'm2', 'm3'], 2);
    expect(pages).toEqual([
      { alerts: ['a1', 'a2'], messages: [] },
      { alerts: ['a3'], messages: ['m1'] },
      { alerts: [], messages: ['m2', 'm3'] },
    ]);
    const shown = pages.flatMap((p) => [...p.alerts, ...p.messages]);
    expect(shown).toEqual(['a1', 'a2', 'a3', 'm1', 'm2', 'm3']);
  });

  it('no page when there is nothing to say; a nonsense slot count still shows one line a page', () => {
    expect(bannerPages([], [], 3)).toEqual([]);
    expect(bannerPages(['a1', 'a2'], [], 0)).toEqual([
      { alerts: ['a1'], messages: [] },
      { alerts: ['a2'], messages: [] },
    ]);
  });
});

describe('a new notice shows at once', () => {
  it('the page of the first notice not known before; none when all were known', () => {
    const keys = [['a1', 'a2'], ['a3', 'm1'], ['m2']];
    expect(pageOfNew(keys, new Set(['a1', 'a2', 'a3', 'm2']))).toBe(1);
    expect(pageOfNew(keys, new Set(['a1', 'a2', 'a3', 'm1', 'm2']))).toBeNull();
    expect(pageOfNew(keys, new Set())).toBe(0);
  });

  it('after a jump the pages turn on from the page jumped to', () => {
    const anchor = { tick: 7, page: 2 };
    expect([7, 8, 9, 10].map((t) => pageFrom(anchor, t, 3))).toEqual([2, 0, 1, 2]);
    expect(pageFrom({ tick: 0, page: 0 }, 5, 1)).toBe(0);
    // Pages that shrink under the anchor wrap instead of pointing past the end.
    expect(pageFrom(anchor, 7, 2)).toBe(0);
  });
});
