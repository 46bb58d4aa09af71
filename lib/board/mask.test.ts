import { describe, expect, it } from 'vitest';
import { countryCodeLength, maskCaller, maskCallerText, maskName, phoneDigits, showCaller } from './mask';

describe('maskCaller', () => {
  it('international: country code, first digit and last three stay', () => {
    expect(maskCaller('+447912345123')).toBe('+44 7••• ••• 123');
    expect(maskCaller('+33612345678')).toBe('+33 6•• ••• 678');
    expect(maskCaller('+12125551234')).toBe('+1 2••• ••• 234');
    expect(maskCaller('+353871234567')).toBe('+353 8•• ••• 567');
    expect(maskCaller('+4915112345678')).toBe('+49 1• ••• ••• 678');
  });

  it('reads 00 prefixes, spaces, dashes and tel:/sip: wrappers', () => {
    expect(maskCaller('00447912345123')).toBe('+44 7••• ••• 123');
    expect(maskCaller('+44 (7912) 345-123')).toBe('+44 7••• ••• 123');
    expect(maskCaller('tel:+447912345123')).toBe('+44 7••• ••• 123');
    expect(maskCaller('sip:+447912345123@pbx.example.com')).toBe('+44 7••• ••• 123');
  });

  it('national numbers: first digit (with the trunk 0) and last three stay', () => {
    expect(maskCaller('07912345123')).toBe('07 ••• ••• 123');
    expect(maskCaller('2125551234')).toBe('2••• ••• 234');
    expect(maskCaller('5551234')).toBe('5••• 234');
  });

  it('extensions and short codes (≤ 6 digits) are not masked', () => {
    expect(maskCaller('101')).toBe('101');
    expect(maskCaller('8010')).toBe('8010');
    expect(maskCaller('341011')).toBe('341011');
  });

  it('never shows more than it hides', () => {
    for (const n of ['+4412345', '+44123456', '1234567', '+3531234']) {
      const shown = maskCaller(n).replace(/^\+\d+ /, '');
      const hidden = [...shown].filter((c) => c === '•').length;
      expect(hidden).toBeGreaterThanOrEqual(3);
    }
  });

  it('null stays null; names and words are returned unchanged', () => {
    expect(maskCaller(null)).toBeNull();
    expect(maskCaller('anonymous')).toBe('anonymous');
    expect(maskCaller('Mindy Ryan')).toBe('Mindy Ryan');
  });
});

describe('helpers', () => {
  it('country code lengths', () => {
    expect(countryCodeLength('12125551234')).toBe(1);
    expect(countryCodeLength('74951234567')).toBe(1);
    expect(countryCodeLength('447912345123')).toBe(2);
    expect(countryCodeLength('353871234567')).toBe(3);
  });

  it('phoneDigits', () => {
    expect(phoneDigits(' +44 79 ')).toBe('+4479');
    expect(phoneDigits('0044 79')).toBe('+4479');
    expect(phoneDigits('abc')).toBeNull();
  });

  it('names become initials; text that is a number is masked', () => {
    expect(maskName('Mindy Ryan Jr.')).toBe('M. R. J.');
    expect(maskName('  élodie  ')).toBe('É.');
    expect(maskCallerText('Mindy Ryan')).toBe('M. R.');
    expect(maskCallerText('+447912345123')).toBe('+44 7••• ••• 123');
    expect(maskCallerText('1001')).toBe('1001');
    expect(maskCallerText(null)).toBeNull();
  });

  it('showCaller masks only when the board says so', () => {
    expect(showCaller('+447912345123', 'Mindy Ryan', false)).toEqual({
      name: 'Mindy Ryan',
      number: '+447912345123',
    });
    expect(showCaller('+447912345123', 'Mindy Ryan', true)).toEqual({
      name: 'M. R.',
      number: '+44 7••• ••• 123',
    });
  });
});
