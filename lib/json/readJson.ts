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
 * Parse JSON without losing digits: PBX ids (~8.8e17) exceed 2^53, and some PBXs send them as bare
 * numbers. Any number literal that a double cannot hold exactly is kept as its exact digit string;
 * every other number becomes a JS number. Never throws.
 */
export function readJson(text: string): JsonResult {
  try {
    const value = parse(text, null, parseNumberLosslessly) as JsonValue;
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: describeError(text, err) };
  }
}

function parseNumberLosslessly(digits: string): number | string {
  return isSafeNumber(digits) ? Number(digits) : digits;
}

function describeError(text: string, err: unknown): JsonError {
  const raw = err instanceof Error ? err.message : String(err);
  const match = /at position (\d+)/.exec(raw) ?? /\(char (\d+)\)/.exec(raw);
  if (!match?.[1]) return { message: raw };
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return { message: `${raw} (line ${line}, column ${column})`, position, line, column };
}
