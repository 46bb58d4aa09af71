import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJson } from './readJson';

describe('readJson', () => {
  it('keeps ids beyond 2^53 exact, even as bare numbers', () => {
    const r = readJson(
      '{"tenant_id": 690833127458734080, "session_id": "690852418417594368", "n": 16, "x": 1.5}',
    );
    expect(r).toEqual({
      ok: true,
      value: { tenant_id: '690833127458734080', session_id: '690852418417594368', n: 16, x: 1.5 },
    });
    // What JSON.parse would have done: the last digits are lost.
    expect(String(JSON.parse('690833127458734080'))).not.toBe('690833127458734080');
  });

  it('names the position, line and column of a syntax error', () => {
    const r = readJson('{\n  "a": 1\n  "b": 2\n}');
    expect(r).toEqual({
      ok: false,
      error: {
        message: `Comma ',' expected after value but got '"' at position 13 (line 3, column 3)`,
        position: 13,
        line: 3,
        column: 3,
      },
    });
  });

  it('rejects the full-width comma rather than guessing', () => {
    const r = readJson('{"a": 1，"b": 2}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.position).toBe(7);
  });

  it('never throws, and agrees with JSON.parse on safe input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        readJson(s);
      }),
      { seed: 7, numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const text = JSON.stringify(v);
        const r = readJson(text);
        expect(r.ok).toBe(true);
        // -0 and large numbers are the only places where the two may differ in representation.
        if (r.ok && !/e|-0\b|\d{16,}/i.test(text)) expect(r.value).toEqual(JSON.parse(text));
      }),
      { seed: 8, numRuns: 1000 },
    );
  });
});
