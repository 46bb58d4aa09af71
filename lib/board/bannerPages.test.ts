import { describe, expect, it } from 'vitest';
import { bannerPages } from './bannerPages';

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
