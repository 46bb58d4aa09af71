import type { CallDetailRecorded, CdrLeg } from '../../domain/events';
import { type JsonValue, readJson } from '../../json/readJson';
import { firstOf, integer, isObject, type JsonObject, sipUser, text } from '../fields';
import { accepted, type Normalized, rejected } from '../types';
import { compact } from './cdr';
import { direction } from './enums';

/**
 * PortSIP REST CDRs (v22 OpenAPI), for a gap's backfill (server/pbx/cdrBackfill.ts does the HTTP):
 * - POST /user/cdrs/sync_tokens?date_from=<RFC 3339> → 201 `{ token }`: a token from that time on;
 * - POST /user/cdrs/sync_tokens/{token}/diff → 200 `{ token, items: [{ id, change_type, items }] }`:
 *   the CDRs created or changed since the token, and the token to ask from next time;
 * - GET /cdrs/{id} → 200 `{ items: [cdr] }` (listCDRs' item: `call_id`, `direction`, `destination`, …),
 *   since a diff's own items carry no `call_id`, the one id shared with the live facts.
 * Pure: no clock, no HTTP. Vendor field names stay here.
 */

export const CDR_SYNC_TOKENS_PATH = '/user/cdrs/sync_tokens';
export const cdrDiffPath = (token: string) => `${CDR_SYNC_TOKENS_PATH}/${encodeURIComponent(token)}/diff`;
export const cdrPath = (id: string) => `/cdrs/${encodeURIComponent(id)}`;

/** The call id a REST CDR goes by until a live fact with its SIP Call-ID names it otherwise. */
export const restCdrCallId = (id: string) => `cdr:${id}`;

/** RFC 3339 in UTC, whole seconds (the OpenAPI's `date_time`, e.g. 2017-07-21T17:32:28Z). */
export function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** POST /user/cdrs/sync_tokens query: a token from `fromMs` (a PBX time) on. */
export function syncTokenQuery(fromMs: number): Record<string, string> {
  return { date_from: rfc3339(fromMs) };
}

/** An RFC 3339 time → ms; absent, empty or unreadable → undefined. */
export function rfc3339Ms(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(raw))
    return undefined;
  const ms = Date.parse(raw);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function objectOf(body: string): JsonObject | undefined {
  const parsed = readJson(body);
  return parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
}

/** The token of a sync-token reply (`{ token }`), or undefined. */
export function readSyncToken(body: string): string | undefined {
  return text(objectOf(body)?.token);
}

export interface CdrChange {
  readonly id: string;
  readonly change: 'created' | 'updated' | 'deleted';
  /** The call's end (PBX time) as the diff's own item says, when it does: what to fetch is chosen by it. */
  readonly endedAt?: number;
}

/** One diff: the changed CDRs and the token to ask from next; undefined when not `{ token?, items }`. */
export function readCdrDiff(body: string): { token?: string; changes: CdrChange[] } | undefined {
  const reply = objectOf(body);
  if (!reply || !Array.isArray(reply.items)) return undefined;
  const changes: CdrChange[] = [];
  for (const item of reply.items) {
    if (!isObject(item)) continue;
    const id = text(item.id);
    if (id === undefined) continue;
    const type = text(item.change_type)?.toUpperCase();
    const change = type === 'DELETED' ? 'deleted' : type === 'UPDATED' ? 'updated' : 'created';
    const first: JsonValue | undefined = Array.isArray(item.items) ? item.items[0] : undefined;
    const endedAt = isObject(first) ? rfc3339Ms(first.ended_at) : undefined;
    changes.push(endedAt === undefined ? { id, change } : { id, change, endedAt });
  }
  const token = text(reply.token);
  return token === undefined ? { changes } : { token, changes };
}

/** The CDR of a GET /cdrs/{id} reply: `{ items: [cdr] }` as the OpenAPI has it, or the bare CDR. */
export function readCdrReply(body: string): JsonObject | undefined {
  const reply = objectOf(body);
  if (!reply) return undefined;
  if (Array.isArray(reply.items)) {
    const first: JsonValue | undefined = reply.items[0];
    return isObject(first) ? first : undefined;
  }
  return reply.id !== undefined ? reply : undefined;
}

/**
 * A REST CDR → the call's final record. A REST CDR is flat: the number dialled (`callee`, e.g. a
 * queue) and where the call ended up (`destination`, e.g. the agent who answered). Read as two legs:
 * the callee's from the start until the answer (or the end), and the destination's, answered at
 * `answered_at`; one leg when both are the same number. So a queue dialled and answered by an agent
 * reads answered, a queue left before an answer abandoned (reduce/callVisits.ts). Origin `portsip-wsi`:
 * it belongs to the link's source and scope (the REST account's tenant).
 */
export function normalizeRestCdr(
  cdr: JsonObject,
  ctx: { readonly source: string; readonly tenant?: string },
): Normalized {
  const id = text(cdr.id);
  if (id === undefined) return rejected('REST CDR has no id');
  const endedAt = rfc3339Ms(cdr.ended_at);
  if (endedAt === undefined) return rejected(`REST CDR ${id} has no usable ended_at`);
  const startedAt = rfc3339Ms(cdr.started_at);
  const ringAt = rfc3339Ms(cdr.rang_at);
  const answeredAt = rfc3339Ms(cdr.answered_at);
  const callee = sipUser(cdr.callee);
  const destination = sipUser(cdr.destination) ?? callee;
  const endReason = text(cdr.end_reason);
  const statusCode = integer(cdr.status_code);
  const legs: CdrLeg[] = [];
  const forwarded = callee !== undefined && destination !== undefined && destination !== callee;
  if (callee !== undefined) {
    legs.push(
      compact<CdrLeg>({
        target: callee,
        targetKind: 'unknown',
        startedAt,
        ringAt,
        answeredAt: forwarded ? undefined : answeredAt,
        endedAt: forwarded ? (answeredAt ?? endedAt) : endedAt,
        endReason: forwarded ? undefined : endReason,
        statusCode,
      }),
    );
  }
  if (forwarded && destination !== undefined) {
    legs.push(
      compact<CdrLeg>({
        target: destination,
        targetKind: 'unknown',
        startedAt: ringAt ?? startedAt,
        answeredAt,
        endedAt,
        endReason,
        statusCode,
      }),
    );
  }
  const event: CallDetailRecorded = compact({
    type: 'callDetailRecorded' as const,
    source: ctx.source,
    origin: 'portsip-wsi' as const,
    ...(ctx.tenant === undefined ? {} : { tenant: ctx.tenant }),
    at: endedAt,
    callId: restCdrCallId(id),
    sipCallId: text(cdr.call_id),
    parties: compact({
      direction: direction(cdr.direction),
      caller: sipUser(cdr.caller),
      callerName: text(cdr.caller_display_name),
      callee,
      calleeName: text(cdr.callee_display_name),
      did: text(firstOf(cdr, ['did_cid', 'did'])),
    }),
    startedAt,
    answeredAt,
    endedAt,
    endReason,
    statusCode,
    legs,
  });
  return accepted([event]);
}
