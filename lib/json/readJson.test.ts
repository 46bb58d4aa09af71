import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutatedText } from '../testing/fuzz';
import { MAX_JSON_DEPTH, readJson, readJsonLosslessly } from './readJson';

/** Every JSON text among the seeds (PortSIP CDRs and WSI frames, 3CX and VoIPstudio bodies). */
function seedJsonTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(new URL('../../fixtures/seeds', import.meta.url).pathname);
  return out;
}

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

  describe('the JSON.parse fast path gives exactly what lossless-json gives', () => {
    const same = (text: string): void => {
      expect(readJson(text)).toEqual(readJsonLosslessly(text));
    };

    it('on the seeds, and on the seeds mutated (quotes, colons, digits, escapes moved)', () => {
      const seeds = seedJsonTexts();
      expect(seeds.length).toBeGreaterThan(20);
      for (const text of seeds) same(text);
      fc.assert(fc.property(mutatedText(seeds), same), { seed: 11, numRuns: 3000 });
    });

    it('on repeated keys: the same value twice is one key, two values are refused', () => {
      same('{"a": "", "b": 1, "a": ""}');
      same('{"a": 1, "a": 2}');
      same('{"x": {"a": [1, {"k": true, "k": false}]}}');
      expect(readJson('{"a": 1, "a": 2}').ok).toBe(false);
      expect(readJson('{"a": "", "a": ""}')).toEqual({ ok: true, value: { a: '' } });
    });

    it('on numbers a double cannot hold: long ids, exponents, long fractions, -0', () => {
      for (const n of [
        '690833127458734080',
        '9007199254740993',
        '1e400',
        '-1E-400',
        '0.30000000000000004',
        '-0',
        '1.0',
      ])
        same(`{"n": ${n}, "s": "${n}", "a": [${n}]}`);
    });

    it('on arbitrary JSON values with keys that look like syntax', () => {
      const key = fc.oneof(fc.string(), fc.constantFrom('a:b', '"', '\\', '__proto__', '1e5', ':'));
      const value = fc.letrec((tie) => ({
        node: fc.oneof(
          { depthSize: 'small' },
          fc.oneof(
            fc.double(),
            fc.integer(),
            fc.bigInt().map(Number),
            fc.string(),
            fc.boolean(),
            fc.constant(null),
          ),
          fc.array(tie('node'), { maxLength: 4 }),
          fc.dictionary(key, tie('node'), { maxKeys: 4 }),
        ),
      })).node;
      fc.assert(
        fc.property(value, (v) => same(JSON.stringify(v) ?? 'null')),
        { seed: 12, numRuns: 2000 },
      );
    });
  });

  describe(`nesting deeper than ${MAX_JSON_DEPTH} levels`, () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = (depth: number, leaf = '1') => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

    it('is read up to the limit, on both paths', () => {
      expect(readJson(arrays(MAX_JSON_DEPTH)).ok).toBe(true);
      expect(readJson(objects(MAX_JSON_DEPTH)).ok).toBe(true);
      // An exponent sends the text to lossless-json.
      expect(readJson(objects(MAX_JSON_DEPTH, '1e5')).ok).toBe(true);
    });

    it('is refused one level past it, naming the position, on both paths', () => {
      for (const text of [arrays(MAX_JSON_DEPTH + 1), objects(MAX_JSON_DEPTH + 1), objects(65, '1e5')]) {
        const r = readJson(text);
        expect(r.ok).toBe(false);
        if (r.ok) continue;
        expect(r.error.message).toMatch(
          new RegExp(`^nested deeper than ${MAX_JSON_DEPTH} levels \\(line 1, column \\d+\\)$`),
        );
        expect(text[r.error.position ?? -1]).toMatch(/[[{]/);
      }
    });

    it('counts brackets in strings as text', () => {
      const r = readJson(`{"a": "${'['.repeat(10_000)}", "b": ["{{{"]}`);
      expect(r).toEqual({ ok: true, value: { a: '['.repeat(10_000), b: ['{{{'] } });
    });

    it('refuses 100,000 levels (200 KB) without overflowing the stack', () => {
      for (const text of [arrays(100_000), objects(100_000), objects(100_000, '1e5')])
        expect(readJson(text)).toMatchObject({ ok: false, error: { message: /^nested deeper/ } });
    });
  });
});
