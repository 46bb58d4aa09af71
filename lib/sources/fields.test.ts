import { describe, expect, it } from 'vitest';
import {
  bool,
  clockDuration,
  enumToken,
  firstOf,
  integer,
  sipUser,
  text,
  unixSeconds,
  utcDateTime,
} from './fields';

describe('field readers', () => {
  it('reads numbers sent as strings, and rejects the rest', () => {
    expect(integer('16')).toBe(16);
    expect(integer(' 0 ')).toBe(0);
    expect(integer(7)).toBe(7);
    expect(integer('1.5')).toBeUndefined();
    expect(integer('abc')).toBeUndefined();
    expect(integer('99999999999999999999')).toBeUndefined();
  });

  it('treats "0" and empty times as never', () => {
    expect(unixSeconds('1679476851')).toBe(1679476851000);
    expect(unixSeconds(1679476851)).toBe(1679476851000);
    expect(unixSeconds('0')).toBeUndefined();
    expect(unixSeconds('')).toBeUndefined();
  });

  it('reads SIP URIs as the extension in their user part', () => {
    expect(sipUser('sip:101@test.io')).toBe('101');
    expect(sipUser('sip:102@192.168.0.16:9070')).toBe('102');
    expect(sipUser('SIPS:8000@pbx')).toBe('8000');
    expect(sipUser('103')).toBe('103');
    expect(sipUser('')).toBeUndefined();
    expect(sipUser('"Tom" <sip:101@test.io>')).toBe('101');
    expect(sipUser('sip:@test.io')).toBeUndefined();
  });

  it('reads VoIPstudio UTC times and 3CX durations', () => {
    expect(utcDateTime('2021-04-28 08:46:13')).toBe(Date.UTC(2021, 3, 28, 8, 46, 13));
    expect(utcDateTime('2021-02-30 08:46:13')).toBeUndefined();
    expect(utcDateTime('yesterday')).toBeUndefined();
    expect(clockDuration('00:06')).toBe(6);
    expect(clockDuration('1:02:03')).toBe(3723);
    expect(clockDuration('')).toBeUndefined();
  });

  it('normalises enum spellings and alias keys', () => {
    expect(enumToken('Queue Call')).toBe('QUEUE_CALL');
    expect(enumToken('wrap-up')).toBe('WRAP_UP');
    expect(firstOf({ destiantion: 'sip:1@x' }, ['destination', 'destiantion'])).toBe('sip:1@x');
    expect(firstOf({ destination: '', destiantion: 'b' }, ['destination', 'destiantion'])).toBe('b');
    expect(text(' x ')).toBe('x');
    expect(text('   ')).toBeUndefined();
    expect(bool('true')).toBe(true);
    expect(bool('maybe')).toBeUndefined();
  });
});
