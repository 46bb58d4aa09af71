import { type JsonValue, readJson } from '../../json/readJson';
import { isObject } from '../fields';
import { repairMissingOpeningQuotes } from './repairJson';

/**
 * A 3CX payload's fields with lowercased keys: the JSON variant sends `Callerid`, the form variant
 * `callerid`, and nothing else tells them apart. When two keys differ only in case, the first one
 * wins (as `URLSearchParams.get` does for a repeated form key).
 */
export type ThreeCxFields = ReadonlyMap<string, unknown>;

export type DecodedFields =
  | { readonly ok: true; readonly fields: ThreeCxFields; readonly warnings: readonly string[] }
  /** `malformed`: not JSON even after the repair rule (a syntax error, not unusable content). */
  | { readonly ok: false; readonly error: string; readonly malformed: boolean };

/**
 * A 3CX body's encoding when no Content-Type says it: JSON when it starts with `{` or `[`, a recording
 * URL when it is one http(s) URL, form-encoded otherwise (the add-on's three shapes).
 */
export function sniffEncoding(body: string): 'json' | 'form' | 'text' {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (/^https?:\/\/\S+$/i.test(trimmed)) return 'text';
  return 'form';
}

/** Strict parse first; the repair rule runs only when that fails, so valid JSON is never "repaired". */
export function decodeJsonFields(text: string): DecodedFields {
  const strict = readJson(text);
  if (strict.ok) return fromJsonValue(strict.value, []);
  const repair = repairMissingOpeningQuotes(text);
  const reparsed = repair ? readJson(repair.text) : undefined;
  if (repair && reparsed?.ok) return fromJsonValue(reparsed.value, repair.warnings);
  // Report the original text's error: its position is the one a person can find in the payload.
  return { ok: false, error: `invalid JSON: ${strict.error.message}`, malformed: true };
}

/**
 * An x-www-form-urlencoded POST body or a GET query string. The add-on does not percent-encode its
 * values (the doc shows raw spaces and colons in `title`), so a raw '+' is a literal plus, as in an
 * E.164 caller id, not form encoding's space. Percent-escapes are still decoded. A leading '?' is
 * dropped by URLSearchParams itself.
 */
export function decodeFormFields(text: string): DecodedFields {
  const fields = new Map<string, unknown>();
  const literalPlus = text.replaceAll('+', '%2B');
  for (const [key, value] of new URLSearchParams(literalPlus)) setFirst(fields, key, value);
  return { ok: true, fields, warnings: [] };
}

function fromJsonValue(value: JsonValue, warnings: readonly string[]): DecodedFields {
  if (!isObject(value)) {
    return { ok: false, error: `3CX JSON body is not an object (got ${kindOf(value)})`, malformed: false };
  }
  const fields = new Map<string, unknown>();
  for (const [key, field] of Object.entries(value)) setFirst(fields, key, field);
  return { ok: true, fields, warnings };
}

function setFirst(fields: Map<string, unknown>, key: string, value: unknown): void {
  const lower = key.toLowerCase();
  if (!fields.has(lower)) fields.set(lower, value);
}

function kindOf(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
