import { hash } from 'node:crypto';
import type { DomainEvent } from '../../lib/domain/events';
import type { ThreeCxFields } from '../../lib/sources/threecx/decodeBody';
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
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.trim());
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `"${String(value)}"`; // digits, signs, '.', 'e', letters: nothing JSON must escape
  }
  // Loops rather than filter/sort/map chains: this runs over every webhook's events on the ingest path.
  if (Array.isArray(value)) {
    let out = '[';
    // A hole in a sparse array stays empty, as `map(…).join(',')` left it: keys must not change.
    for (let i = 0; i < value.length; i++) {
      out += (i === 0 ? '' : ',') + (i in value ? canonicalJson(value[i]) : '');
    }
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // The default sort compares UTF-16 code units: code-unit order, locale-independent, and native.
    const keys = Object.keys(record).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      out += `${first ? '' : ','}${keyText(key)}:${canonicalJson(member)}`;
      first = false;
    }
    return `${out}}`;
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
