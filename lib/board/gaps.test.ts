import { describe, expect, it } from 'vitest';
import type { GapView } from '../domain/gapsView';
import { DEFAULT_FORMATS } from './format';
import { gapsDetail, gapsText } from './gaps';

const LONDON = { ...DEFAULT_FORMATS, timezone: 'Europe/London', numberLocale: 'en-GB' };
const at = (h: number, m: number) => Date.UTC(2026, 6, 1, h - 1, m); // London summer: UTC + 1
const gap = (from: number, to: number, reason: GapView['reason'] = 'linkDown', source = 'pbx'): GapView => ({
  source,
  from,
  to,
  reason,
});

describe('gapsText', () => {
  it('says what the figures miss in the board’s local time', () => {
    expect(gapsText([gap(at(9, 12), at(9, 20))], LONDON)).toBe('figures miss 09:12–09:20: link down');
    expect(
      gapsText([gap(at(9, 12), at(9, 20))], { ...LONDON, timeFormat: '12h', numberLocale: 'en-US' }),
    ).toBe('figures miss 9:12 AM–9:20 AM: link down');
  });

  it('lists gaps in time order, says a span shared by two sources once, and counts past three', () => {
    const gaps = [
      gap(at(11, 0), at(11, 5), 'serverStopped', 'pbx'),
      gap(at(11, 0), at(11, 5), 'serverStopped', 'hook'),
      gap(at(9, 12), at(9, 20)),
    ];
    expect(gapsText(gaps, LONDON)).toBe('figures miss 09:12–09:20: link down; 11:00–11:05: server stopped');
    const many = [1, 2, 3, 4, 5].map((h) => gap(at(h, 0), at(h, 1)));
    expect(gapsText(many, LONDON)).toMatch(/^figures miss 01:00–01:01: link down; .* \(\+2 more\)$/);
  });

  it('says nothing without gaps, and gives a failed backfill’s reason as detail', () => {
    expect(gapsText(undefined, LONDON)).toBeNull();
    expect(gapsText([], LONDON)).toBeNull();
    expect(gapsDetail([{ ...gap(0, 1), detail: 'backfill failed: login failed: HTTP 401' }])).toBe(
      'backfill failed: login failed: HTTP 401',
    );
    expect(gapsDetail([gap(0, 1)])).toBeNull();
  });
});
