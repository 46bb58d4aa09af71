import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFormFields, decodeJsonFields, sniffEncoding } from './decodeBody';
import { normalizeThreeCx, readThreeCx, type ThreeCxBody } from './normalize';

/**
 * The webhook path reads a 3CX body once: `readThreeCx` gives the result, the decoded fields (the
 * dedupe fact) and syntax-versus-content, so the edge decodes nothing a second time.
 */
const CTX = { source: 'pbx-3cx', receivedAt: 1_700_000_000_000 };

function seedText(file: string): string {
  return readFileSync(new URL(`../../../fixtures/seeds/${file}`, import.meta.url), 'utf8');
}

interface ManifestEntry {
  readonly file: string;
  readonly seed: string;
  readonly encoding: 'json' | 'form' | 'url' | 'fragment';
}
const SEEDS = (JSON.parse(seedText('manifest.json')) as ManifestEntry[]).filter(
  (e) => e.seed === '003' && e.encoding !== 'fragment',
);

describe('readThreeCx on the 3CX seeds', () => {
  it('has seeds of every shape', () => {
    expect(new Set(SEEDS.map((e) => e.encoding))).toEqual(new Set(['json', 'form', 'url']));
  });

  it.each(SEEDS.map((e) => [e.file, e] as const))('%s: sniffed, read once, fields as decoded', (_, e) => {
    const text = seedText(e.file);
    const encoding = sniffEncoding(text);
    expect(encoding).toBe(e.encoding === 'url' ? 'text' : e.encoding);
    const body = { encoding, text } as ThreeCxBody;
    const read = readThreeCx(body, CTX);
    expect(read.result).toStrictEqual(normalizeThreeCx(body, CTX));
    const decoded =
      encoding === 'json' ? decodeJsonFields(text) : encoding === 'form' ? decodeFormFields(text) : null;
    // One seed is the doc's own damaged Id (`"Id": 30307135611_31-1"`), which no rule may repair.
    expect(read.malformed).toBe(decoded !== null && !decoded.ok);
    if (decoded === null) expect(read.fields).toBeUndefined();
    else expect(read.fields).toStrictEqual(decoded.ok ? decoded.fields : undefined);
  });
});

describe('readThreeCx: syntax versus content', () => {
  it('JSON that even the repair rule cannot read is malformed, with no fields', () => {
    const read = readThreeCx({ encoding: 'json', text: '{"Event": "Ringing", "Id": ' }, CTX);
    expect(read.result.ok).toBe(false);
    expect(read.malformed).toBe(true);
    expect(read.fields).toBeUndefined();
  });

  it('well-formed JSON that is not an object is unusable, not malformed', () => {
    const read = readThreeCx({ encoding: 'json', text: '[1, 2]' }, CTX);
    expect(read.result).toStrictEqual({ ok: false, error: '3CX JSON body is not an object (got array)' });
    expect(read.malformed).toBe(false);
  });

  it('a repaired body gives the repaired fields and keeps the warning', () => {
    const read = readThreeCx({ encoding: 'json', text: '{"Event":"Ringing","Id":"7-1","User":102"}' }, CTX);
    expect(read.malformed).toBe(false);
    expect(read.fields?.get('user')).toBe('102');
    expect(read.result.ok && read.result.warnings?.length).toBeGreaterThan(0);
  });

  it('a form body missing its Id is a content error with its fields decoded', () => {
    const read = readThreeCx({ encoding: 'form', text: 'event=Ringing&user=102' }, CTX);
    expect(read.result).toStrictEqual({ ok: false, error: '3CX payload has no Id' });
    expect(read.malformed).toBe(false);
    expect(read.fields?.get('event')).toBe('Ringing');
  });
});
