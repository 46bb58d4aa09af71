import fc from 'fast-check';

/**
 * Test support: texts close to real payloads, for "never throws" tests. Edits favour the characters
 * that break JSON and key=value bodies in interesting ways.
 */
const SPECIAL = [
  '"',
  ':',
  ',',
  '{',
  '}',
  '[',
  ']',
  '0',
  '7',
  '9',
  '+',
  '-',
  '\\',
  '&',
  '=',
  '%',
  ' ',
  '\n',
  '，',
];

const edit = fc.record({
  op: fc.constantFrom('delete', 'duplicate', 'replace'),
  at: fc.nat(),
  char: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
});

/** One of `texts` with up to six characters deleted, duplicated or replaced. */
export function mutatedText(texts: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...texts), fc.array(edit, { maxLength: 6 })).map(([text, edits]) =>
    edits.reduce((s, { op, at, char }) => {
      const i = s.length === 0 ? 0 : at % s.length;
      if (op === 'delete') return s.slice(0, i) + s.slice(i + 1);
      if (op === 'duplicate') return s.slice(0, i + 1) + s.slice(i);
      return s.slice(0, i) + char + s.slice(i + 1);
    }, text),
  );
}

/** One of `texts` cut at a random length. */
export function truncatedText(texts: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.nat())
    .map(([text, n]) => text.slice(0, n % (text.length + 1)));
}

/** No key anywhere holds undefined: events compare and serialise cleanly. */
export function hasUndefinedValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUndefinedValue);
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some((v) => v === undefined || hasUndefinedValue(v));
}
