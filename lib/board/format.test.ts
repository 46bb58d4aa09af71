import { describe, expect, it } from 'vitest';
import { createFormatter, DEFAULT_FORMATS, readFormats } from './format';

const AT = Date.UTC(2026, 0, 15, 14, 2, 11); // 14:02:11 UTC

describe('board formatter', () => {
  it('writes the clock in 24 h or 12 h, in the board timezone', () => {
    const utc24 = createFormatter({ timezone: 'UTC', timeFormat: '24h', numberLocale: 'en-GB' });
    expect(utc24.clock(AT)).toBe('14:02:11');
    const ny12 = createFormatter({ timezone: 'America/New_York', timeFormat: '12h', numberLocale: 'en-US' });
    expect(ny12.clock(AT)).toMatch(/^9:02:11\sAM$/);
    expect(createFormatter({ timezone: 'UTC', timeFormat: '12h', numberLocale: 'en-US' }).clock(AT)).toMatch(
      /^2:02:11\sPM$/,
    );
  });

  it('a moment shows its date only when it is not today in the board timezone', () => {
    const f = createFormatter({ timezone: 'UTC', timeFormat: '24h', numberLocale: 'en-GB' });
    expect(f.moment(AT - 3600_000, AT)).toBe('13:02:11');
    expect(f.moment(AT - 86_400_000, AT)).toMatch(/14 Jan.*14:02:11/);
    // 23:30 UTC on the 14th is already the 15th in Kolkata: "today" there.
    const kolkata = createFormatter({ timezone: 'Asia/Kolkata', timeFormat: '24h', numberLocale: 'en-GB' });
    expect(kolkata.moment(Date.UTC(2026, 0, 14, 23, 30), AT)).toBe('05:00:00');
  });

  it('bucket labels follow the clock format', () => {
    expect(
      createFormatter({ ...DEFAULT_FORMATS, numberLocale: 'en-US', timeFormat: '12h' }).wallTime('09:15'),
    ).toMatch(/^9:15\sAM$/);
    expect(createFormatter({ ...DEFAULT_FORMATS, numberLocale: 'en-GB' }).wallTime('21:45')).toBe('21:45');
  });

  it('numbers and shares in the chosen language; unknown is a dash', () => {
    const en = createFormatter({ ...DEFAULT_FORMATS, numberLocale: 'en-US' });
    const de = createFormatter({ ...DEFAULT_FORMATS, numberLocale: 'de-DE' });
    expect(en.number(12345.6, 1)).toBe('12,345.6');
    expect(de.number(12345.6, 1)).toBe('12.345,6');
    expect(en.percent(0.875, 1)).toBe('87.5%');
    expect(de.percent(0.875, 1)).toMatch(/^87,5\s%$/);
    expect(en.percent(0.834)).toBe('83%');
    expect(en.count(1204)).toBe('1,204');
    expect(en.count(null)).toBe('—');
    expect(en.percent(null)).toBe('—');
    expect(de.duration(3725)).toBe('1:02:05');
  });

  it('reads a settings reply, falling back field by field', () => {
    expect(
      readFormats({ settings: { timezone: 'Europe/London', timeFormat: '12h', numberLocale: 'fr' } }),
    ).toEqual({
      timezone: 'Europe/London',
      timeFormat: '12h',
      numberLocale: 'fr',
    });
    expect(readFormats({ settings: { timezone: 'Mars/Base', timeFormat: 'x', numberLocale: '!!' } })).toEqual(
      DEFAULT_FORMATS,
    );
    expect(readFormats(null)).toEqual(DEFAULT_FORMATS);
  });
});
