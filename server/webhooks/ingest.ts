import type { DomainEvent } from '../../lib/domain/events';
import { readJson } from '../../lib/json/readJson';
import type { ThreeCxFields } from '../../lib/sources';
import { type Normalized, normalizeAtEdge, sniffThreeCxEncoding } from '../../lib/sources';
import type { JournalEntry } from '../storage/types';
import { eventsDedupeKey, threeCxDedupeKey } from './dedupeKey';
import type { WebhookKind, WebhookReceiverOptions } from './types';

/**
 * Steps 4–6 of a webhook, shared by the live receiver and the dead-letter replay: body → encoding →
 * `normalizeAtEdge` → idempotency key → `accept` (journal, then live state).
 */
export type Encoding = 'json' | 'form' | 'text';

/** What a Content-Type asks for. `sniff`: none was sent, the body decides (see `encodingOf`). */
export type ContentTypeVerdict =
  | { readonly ok: true; readonly encoding: Encoding | 'sniff' }
  | { readonly ok: false; readonly reason: string };

const ACCEPTED_TYPES: Readonly<Record<WebhookKind, string>> = {
  'portsip-webhook': 'application/json',
  voipstudio: 'application/json',
  '3cx': 'application/json, application/x-www-form-urlencoded or text/plain (a recording URL)',
};

/**
 * The media type (lowercased, parameters dropped) → encoding for one source kind. Any `+json` type is
 * JSON. A missing or empty type is not refused: PBXs that do not label their bodies are common.
 */
export function contentTypeVerdict(kind: WebhookKind, mediaType: string): ContentTypeVerdict {
  if (mediaType === '') return { ok: true, encoding: 'sniff' };
  if (mediaType === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType)) {
    return { ok: true, encoding: 'json' };
  }
  if (kind === '3cx' && mediaType === 'application/x-www-form-urlencoded')
    return { ok: true, encoding: 'form' };
  if (kind === '3cx' && mediaType === 'text/plain') return { ok: true, encoding: 'text' };
  return {
    ok: false,
    reason: `unsupported Content-Type "${mediaType.slice(0, 80)}": send ${ACCEPTED_TYPES[kind]}`,
  };
}

/** Media type of a Content-Type header value: `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * The body's encoding. Without a Content-Type, PortSIP and VoIPstudio bodies are JSON (the only thing
 * they send); a 3CX body's shape says it (lib/sources/threecx knows the add-on's shapes).
 */
export function encodingOf(
  kind: WebhookKind,
  contentType: string,
  body: string,
): Encoding | { error: string } {
  const verdict = contentTypeVerdict(kind, mediaTypeOf(contentType));
  if (!verdict.ok) return { error: verdict.reason };
  if (verdict.encoding !== 'sniff') return verdict.encoding;
  return kind === '3cx' ? sniffThreeCxEncoding(body) : 'json';
}

export interface Payload {
  readonly source: string;
  readonly kind: WebhookKind;
  readonly receivedAt: number;
  /** As received (or, for a 3CX GET, `application/x-www-form-urlencoded`: the query is the body). */
  readonly contentType: string;
  readonly body: string;
}

export type IngestOutcome =
  | {
      readonly status: 200;
      readonly accepted: number;
      readonly duplicate: boolean;
      readonly ignored?: string;
      readonly warnings?: readonly string[];
      readonly dedupeKey?: string;
    }
  /** 400: not well-formed in its encoding (or empty). 415/422: well-formed but unusable. */
  | { readonly status: 400 | 415 | 422; readonly reason: string }
  /** `accept` rejected: storage cannot take it now; the sender should retry. */
  | { readonly status: 503; readonly reason: string; readonly error: unknown };

export async function ingest(
  payload: Payload,
  deps: Pick<WebhookReceiverOptions, 'accept'>,
): Promise<IngestOutcome> {
  const encoding = encodingOf(payload.kind, payload.contentType, payload.body);
  if (typeof encoding !== 'string') return { status: 415, reason: encoding.error };
  const ctx = { source: payload.source, receivedAt: payload.receivedAt };
  const normalized = normalize(payload, encoding, ctx);
  if (!normalized.result.ok) return { status: normalized.status, reason: normalized.result.error };
  const { events, ignored, warnings } = normalized.result;
  const dedupeKey = events.length === 0 ? undefined : keyOf(payload, events, normalized.fields);
  const entry: JournalEntry = {
    source: payload.source,
    kind: payload.kind,
    receivedAt: payload.receivedAt,
    events,
    raw: { contentType: payload.contentType, body: payload.body },
    ...(dedupeKey === undefined ? {} : { dedupeKey }),
  };
  let duplicate: boolean;
  try {
    duplicate = (await deps.accept(entry)).duplicate;
  } catch (error) {
    return { status: 503, reason: 'storage unavailable, retry later', error };
  }
  return {
    status: 200,
    accepted: events.length,
    duplicate,
    ...(ignored === undefined ? {} : { ignored }),
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
    ...(dedupeKey === undefined ? {} : { dedupeKey }),
  };
}

interface NormalizeOutcome {
  readonly result: Normalized;
  /** The status if the result is a rejection. */
  readonly status: 400 | 422;
  /** 3CX: the decoded fields, from the normalizer's one read of the body (the dedupe fact). */
  readonly fields?: ThreeCxFields;
}

function normalize(
  payload: Payload,
  encoding: Encoding,
  ctx: { source: string; receivedAt: number },
): NormalizeOutcome {
  const { body } = payload;
  if (body.trim() === '') return { result: { ok: false, error: 'empty body' }, status: 400 };
  switch (payload.kind) {
    case 'portsip-webhook': {
      // The normalizer parses the text itself, once, and tells syntax from content.
      const read = normalizeAtEdge.portsipWebhookRead(body, ctx);
      return { result: read.result, status: read.malformed ? 400 : 422 };
    }
    case 'voipstudio': {
      const parsed = readJson(body);
      if (!parsed.ok)
        return { result: { ok: false, error: `invalid JSON: ${parsed.error.message}` }, status: 400 };
      return { result: normalizeAtEdge.voipstudio(parsed.value, ctx), status: 422 };
    }
    case '3cx': {
      const read = normalizeAtEdge.threeCxRead({ encoding, text: body }, ctx);
      // Unparseable even after the 3CX repair rule → 400; parsed but not an object, or fields missing → 422.
      const status = read.malformed ? 400 : 422;
      return read.fields
        ? { result: read.result, status, fields: read.fields }
        : { result: read.result, status };
    }
  }
}

function keyOf(
  payload: Payload,
  events: readonly DomainEvent[],
  fields: ThreeCxFields | undefined,
): string | undefined {
  if (payload.kind !== '3cx') return eventsDedupeKey(payload.source, payload.kind, events);
  // A bare recording URL yields no events, so it never gets here; be total anyway.
  return fields ? threeCxDedupeKey(payload.source, fields) : undefined;
}

/** "accepted 3 events", "accepted 1 event". */
export function acceptedText(n: number): string {
  return `accepted ${n} event${n === 1 ? '' : 's'}`;
}
