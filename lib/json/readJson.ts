import { isSafeNumber, parse } from 'lossless-json';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonError {
  readonly message: string;
  /** 0-based character offset of the problem, when the parser can say. */
  readonly position?: number;
  readonly line?: number;
  readonly column?: number;
}

export type JsonResult = { ok: true; value: JsonValue } | { ok: false; error: JsonError };

/**
 * Deepest nesting of arrays and objects accepted. Every JSON Callboard reads (webhook bodies, WSI
 * frames, admin API bodies) is a few levels deep; a body thousands deep is an attack on every
 * recursive walker downstream (the dedupe key, the normalizers), so it is refused at parse time.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Parse JSON without losing digits: PBX ids (~8.8e17) exceed 2^53, and some PBXs send them as bare
 * numbers. Any number literal that a double cannot hold exactly is kept as its exact digit string;
 * every other number becomes a JS number. A key given twice with different values is an error (one
 * given twice with the same value is accepted: seed 000 does it). Never throws.
 *
 * Most bodies have no number a double could misread and no key repeated with another value (PortSIP
 * repeats `"outbound_caller_id": ""`); for them the native `JSON.parse` gives the same value several
 * times faster than `lossless-json`, the largest cost of a webhook (docs/benchmarks.md). Nesting deeper
than MAX_JSON_DEPTH is an error on either path.
 * `nativeParseIsExact` decides in one pass whether that holds; every other text — and every syntax
 * error, for its message — goes to `lossless-json`. A property test holds both paths to the same results.
 */
export function readJson(text: string): JsonResult {
  if (nativeParseIsExact(text)) {
    try {
      return { ok: true, value: JSON.parse(text) as JsonValue };
    } catch {
      // Not JSON: lossless-json below says where and why.
    }
  }
  return readJsonLosslessly(text);
}

/** The slower path on its own: exact numbers, duplicate keys checked by the parser. */
export function readJsonLosslessly(text: string): JsonResult {
  const tooDeep = depthExceededAt(text);
  if (tooDeep >= 0)
    return { ok: false, error: at(text, tooDeep, `nested deeper than ${MAX_JSON_DEPTH} levels`) };
  try {
    const value = parse(text, null, parseNumberLosslessly) as JsonValue;
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: describeError(text, err) };
  }
}

/**
 * One pass over the text: true when `JSON.parse` would give exactly what `lossless-json` gives (if the
 * text is JSON at all). False when some number literal could lose precision as a double (more than 15
 * digits, or an exponent), or when an object repeats a key other than with the same scalar text (same
 * text: both parsers keep that value; anything else, lossless-json decides), or a key has escapes
 * (two spellings of one key). Conservative: a false "false" only costs speed.
 */
function nativeParseIsExact(text: string): boolean {
  // Per open object its keys and their values' raw text; null for an open array. Arrays and a linear
  // search rather than a Map: hashing every fresh key string cost more than the whole parse saves,
  // and an object with more keys than MAX_KEYS simply goes to lossless-json.
  const open: (OpenObject | null)[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      const object = open[open.length - 1];
      let j = skipSpace(text, end + 1);
      if (!object || text.charCodeAt(j) !== COLON) {
        i = end + 1;
        continue;
      }
      const key = text.slice(i + 1, end);
      j = skipSpace(text, j + 1);
      const v = text.charCodeAt(j);
      const raw = v === OPEN_BRACE || v === OPEN_BRACKET ? NESTED : text.slice(j, scalarEnd(text, j));
      if (!addMember(object, key, raw)) return false;
      i = j;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      // Too deep: the lossless path refuses it with its position.
      if (open.length >= MAX_JSON_DEPTH) return false;
      open.push(c === OPEN_BRACE ? { keys: [], raws: [] } : null);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) open.pop();
    else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      let digits = 0;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d >= ZERO && d <= NINE) digits++;
        else if (d === LOWER_E || d === UPPER_E) return false;
        else if (d !== DOT && d !== MINUS && d !== PLUS) break;
      }
      if (digits > 15) return false;
      continue;
    }
    i++;
  }
  return true;
}

interface OpenObject {
  readonly keys: string[];
  readonly raws: string[];
}

const MAX_KEYS = 128;

/** False when the key makes the fast path unsafe: repeated with other text, escaped, or too many. */
function addMember(object: OpenObject, key: string, raw: string): boolean {
  const { keys, raws } = object;
  if (keys.length >= MAX_KEYS || key.includes('\\')) return false;
  for (let k = 0; k < keys.length; k++) {
    if (keys[k] === key && (raws[k] !== raw || raw === NESTED)) return false;
  }
  keys.push(key);
  raws.push(raw);
  return true;
}

/** A value that is an object or array: never "the same text" as another (lossless-json compares them). */
const NESTED = '\u0000nested';

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote > 0) {
    // Escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/**
 * Offset of the first `[` or `{` (outside strings) that opens level MAX_JSON_DEPTH + 1, or -1. Counts
 * brackets only, without checking that they match: the parser does that, on texts shallow enough.
 */
function depthExceededAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return -1; // an unterminated string: the parser reports it
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return -1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}

/** End (exclusive) of the string, number or literal starting at `from`. */
function scalarEnd(text: string, from: number): number {
  if (text.charCodeAt(from) === QUOTE) return stringEnd(text, from) + 1;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) break;
  }
  return i;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

function parseNumberLosslessly(digits: string): number | string {
  return isSafeNumber(digits) ? Number(digits) : digits;
}

function describeError(text: string, err: unknown): JsonError {
  const raw = err instanceof Error ? err.message : String(err);
  const match = /at position (\d+)/.exec(raw) ?? /\(char (\d+)\)/.exec(raw);
  if (!match?.[1]) return { message: raw };
  return at(text, Number(match[1]), raw);
}

/** `message (line L, column C)` for a 0-based offset into `text`. */
function at(text: string, position: number, message: string): JsonError {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return { message: `${message} (line ${line}, column ${column})`, position, line, column };
}
