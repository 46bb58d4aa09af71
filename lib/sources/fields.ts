import type { JsonValue } from '../json/readJson';

/**
 * Vendor-neutral readers for loosely typed payload fields. PBXs send numbers as strings ("16"),
 * ids as bare numbers, "0" for "never"; these turn such values into what the domain expects or
 * `undefined`. None of them throws.
 */

export type JsonObject = { [key: string]: JsonValue };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty trimmed string, from a string or a number (ids may arrive as either). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** An integer from a number or a numeric string ("16" → 16). */
export function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  }
  return undefined;
}

/**
 * Unix seconds (number or string) → ms. "0", 0 and empty mean "never" (PortSIP's answered_time "0")
 * and give undefined.
 */
export function unixSeconds(value: unknown): number | undefined {
  const seconds = integer(value);
  return seconds === undefined || seconds <= 0 ? undefined : seconds * 1000;
}

/**
 * "Y-m-d H:i:s" in UTC (VoIPstudio) → ms. Anything else → undefined.
 */
export function utcDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Reject dates that Date.UTC silently rolled over (e.g. 2021-02-30).
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? ms : undefined;
}

/** "mm:ss" or "h:mm:ss" → seconds; "" or anything else → undefined. */
export function clockDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/**
 * The user part of a SIP URI ("sip:101@test.io" → "101", "sip:102@192.168.0.16:9070" → "102"), also
 * inside a name-addr ('"Tom" <sip:101@test.io>'); a bare number is returned as is.
 */
export function sipUser(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const addr = /<([^>]*)>/.exec(raw)?.[1] ?? raw;
  const m = /^(?:sips?:)?([^@;<>"\s]*)(?:@.*)?$/i.exec(addr.trim());
  return m?.[1] ? m[1] : undefined;
}

/** First defined value among alias keys (`destination` / `destiantion`). */
export function firstOf(obj: JsonObject, keys: readonly string[]): JsonValue | undefined {
  for (const key of keys) {
    const v = obj[key];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Enum spelling variants: "Queue Call", "queue-call", "QUEUE_CALL" → "QUEUE_CALL". */
export function enumToken(value: unknown): string | undefined {
  const raw = text(value);
  return raw?.toUpperCase().replace(/[\s-]+/g, '_');
}

/**
 * A short, safe rendering of a payload value for error messages ("event_time \"yesterday\" is not …").
 * Never throws, whatever the value; long values are cut so one bad payload cannot flood the log.
 */
export function describeValue(value: unknown, max = 60): string {
  try {
    const json = value === undefined ? undefined : JSON.stringify(value);
    const shown = json ?? String(value);
    return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** "array", "null", "string", … — for "payload is not an object (got array)". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
