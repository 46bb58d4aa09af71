import { hash } from 'node:crypto';
import type { DomainEvent } from '../../lib/domain/events';
import type { ThreeCxFields } from '../../lib/sources';
import type { WebhookKind } from './types';

/**
 * Idempotency keys for webhook payloads. A retried delivery must get the same key, whatever the
 * sender changed in the transport: whitespace, key order, JSON versus form encoding.
 *
 * - PortSIP and VoIPstudio: the normalized events. They carry the PBX's own event type, call or
 *   session id, leg and time, so the same fact normalizes to the same events on every retry.
 * - 3CX: the decoded field map (keys lowercased by the decoder, sorted here). The add-on sends no
 *   time, so its normalized events carry the arrival time and would differ on every retry.
 *
 * The key is sha256 (hex) over a versioned, unambiguous JSON array of the source id, the source kind
 * and the canonical fact. Pure: no clock, no state.
 */
const VERSION = 'callboard-webhook-dedupe-v1';

/** Key for PortSIP webhook and VoIPstudio payloads: their normalized events. */
export function eventsDedupeKey(sourceId: string, kind: WebhookKind, events: readonly DomainEvent[]): string {
  return digest(sourceId, kind, canonicalJson(events));
}

/** Key for 3CX payloads: the decoded fields, so JSON and form bodies of one event share a key. */
export function threeCxDedupeKey(sourceId: string, fields: ThreeCxFields): string {
  const object: Record<string, unknown> = Object.create(null);
  for (const [key, value] of fields) object[key] = value;
  return digest(sourceId, '3cx', canonicalJson(object));
}

function digest(sourceId: string, kind: WebhookKind, fact: string): string {
  const framed = `[${JSON.stringify(VERSION)},${JSON.stringify(sourceId)},${JSON.stringify(kind)},${fact}]`;
  // One-shot hash: no Hash object per webhook (crypto.hash, Node ≥ 20.12).
  return hash('sha256', framed, 'hex');
}

/**
 * A value as JSON text with its incidental differences removed: object keys sorted (code-unit order),
 * `undefined` members dropped, numbers and booleans as their text (a form body has only strings, so
 * `5` and `"5"` are one value), strings trimmed (the normalizers trim every field they read).
 *
 * A loop over an explicit stack of open arrays and objects, not recursion: a 3CX body's fields come
 * from the sender, and a value nested tens of thousands deep overflowed the call stack (a 500). The
 * JSON reader refuses such bodies now; this stays total for any value anyway.
 */
export function canonicalJson(value: unknown): string {
  const open: Open[] = [];
  let out = '';
  let next: unknown = value;
  let pending = true; // `next` is a value still to write
  for (;;) {
    if (pending) {
      pending = false;
      if (Array.isArray(next)) {
        out += '[';
        open.push({ array: next, record: null, keys: null, i: 0, written: 0 });
      } else if (next !== null && typeof next === 'object') {
        out += '{';
        const record = next as Record<string, unknown>;
        // The default sort compares UTF-16 code units: code-unit order, locale-independent, and native.
        open.push({ array: null, record, keys: Object.keys(record).sort(), i: 0, written: 0 });
      } else out += scalarText(next);
    }
    const top = open[open.length - 1];
    if (top === undefined) return out;
    if (top.array !== null) {
      const array = top.array;
      if (top.i === array.length) {
        out += ']';
        open.pop();
        continue;
      }
      const i = top.i++;
      if (i > 0) out += ',';
      // A hole in a sparse array stays empty, as `map(…).join(',')` left it: keys must not change.
      if (i in array) {
        next = array[i];
        pending = true;
      }
      continue;
    }
    const { record, keys } = top as Open & { record: Record<string, unknown>; keys: string[] };
    while (top.i < keys.length && record[keys[top.i] as string] === undefined) top.i++;
    if (top.i === keys.length) {
      out += '}';
      open.pop();
      continue;
    }
    const key = keys[top.i++] as string;
    out += `${top.written++ === 0 ? '' : ','}${keyText(key)}:`;
    next = record[key];
    pending = true;
  }
}

/** An array or object whose members are being written. */
interface Open {
  readonly array: readonly unknown[] | null;
  readonly record: Record<string, unknown> | null;
  readonly keys: string[] | null;
  /** The next index, or the next key's index. */
  i: number;
  /** Members written so far (objects: `undefined` ones are skipped). */
  written: number;
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.trim());
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `"${String(value)}"`; // digits, signs, '.', 'e', letters: nothing JSON must escape
  }
  return JSON.stringify(String(value));
}

/**
 * `JSON.stringify(key)`, remembered: events reuse a few dozen member names, and quoting them again for
 * every webhook was a visible share of the key's cost. Bounded, since 3CX field names come from senders.
 */
const quotedKeys = new Map<string, string>();
function keyText(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 1024) quotedKeys.set(key, text);
  }
  return text;
}
