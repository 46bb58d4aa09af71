import type { CallParties, CdrLeg, DomainEvent, LegEvent, SourceKind } from '../../domain/events';
import type { JsonValue } from '../../json/readJson';
import { firstOf, integer, isObject, type JsonObject, sipUser, text, unixSeconds } from '../fields';
import { accepted, type Normalized, rejected } from '../types';
import { direction } from './enums';

/**
 * PortSIP CDR events, shared by the webhook ("Event URL") and the WSI `cdr_events` topic: call_start,
 * call_update_info, cdr_target_* and the final call_cdr with its call_targets.
 */

interface Origin {
  readonly source: string;
  readonly origin: SourceKind;
}

export const CDR_EVENT_TYPES = new Set([
  'call_start',
  'call_update_info',
  'cdr_target_add',
  'cdr_target_ringing',
  'cdr_target_answer',
  'cdr_target_noanswer',
  'cdr_target_fail',
  'cdr_target_end',
  'call_cdr',
]);

const LEG_EVENTS: Record<string, LegEvent['type']> = {
  cdr_target_add: 'callLegAdded',
  cdr_target_ringing: 'callLegRinging',
  cdr_target_answer: 'callLegAnswered',
  cdr_target_noanswer: 'callLegNotAnswered',
  cdr_target_fail: 'callLegFailed',
  cdr_target_end: 'callLegEnded',
};

/** Optional fields are omitted, not set to undefined, so events compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  // A loop, not fromEntries/entries/filter: this runs for every leg of every CDR on the ingest path.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

function parties(p: JsonObject): CallParties {
  return compact({
    direction: direction(p.direction),
    caller: sipUser(p.caller),
    callerName: text(p.caller_display_name),
    callee: sipUser(p.callee),
    calleeName: text(p.callee_display_name),
    // 001 names the DID `did_cid`; 000 names it `did`.
    did: text(firstOf(p, ['did', 'did_cid'])),
  });
}

function leg(t: JsonObject): CdrLeg | undefined {
  const target = sipUser(firstOf(t, ['destination', 'destiantion'])) ?? sipUser(t.callee);
  if (target === undefined) return undefined;
  return compact<CdrLeg>({
    target,
    // The CDR never says which target is a queue; the reducer knows the queues.
    targetKind: 'unknown',
    startedAt: unixSeconds(t.start_time),
    ringAt: unixSeconds(t.ring_time),
    answeredAt: unixSeconds(t.answered_time),
    endedAt: unixSeconds(t.ended_time),
    endReason: text(firstOf(t, ['end_reason', 'ended_reason'])),
    statusCode: integer(t.status_code),
    callType: text(t.call_type),
  });
}

function callCdr(p: JsonObject, base: Base, callId: string): Normalized {
  const endedAt = unixSeconds(p.ended_time);
  if (endedAt === undefined) return rejected('call_cdr has no usable ended_time');
  const targets = p.call_targets;
  if (targets !== undefined && !Array.isArray(targets))
    return rejected('call_cdr call_targets is not an array');
  const legs: CdrLeg[] = [];
  const warnings: string[] = [];
  (targets ?? []).forEach((t: JsonValue, i: number) => {
    const l = isObject(t) ? leg(t) : undefined;
    if (l) legs.push(l);
    else warnings.push(`call_targets[${i}] has no destination or callee; skipped`);
  });
  const event: DomainEvent = compact({
    ...base,
    at: endedAt,
    type: 'callDetailRecorded',
    callId,
    sipCallId: text(p.call_id),
    parties: parties(p),
    startedAt: unixSeconds(p.start_time),
    answeredAt: unixSeconds(p.answered_time),
    endedAt,
    endReason: text(firstOf(p, ['end_reason', 'ended_reason'])),
    statusCode: integer(p.status_code),
    legs,
  });
  return accepted([event], warnings);
}

interface Base {
  readonly source: string;
  readonly origin: SourceKind;
  readonly tenant?: string;
}

/** `p` is a PortSIP CDR-family object whose event_type is in CDR_EVENT_TYPES. */
export function normalizeCdrEvent(p: JsonObject, eventType: string, o: Origin): Normalized {
  const callId = text(p.session_id);
  if (callId === undefined) return rejected(`${eventType} has no session_id`);
  const tenant = text(p.tenant_id);
  const base: Base = tenant === undefined ? { ...o } : { ...o, tenant };
  if (eventType === 'call_cdr') return callCdr(p, base, callId);

  // The doc describes `time` of every CDR event as "the call start time"; for target events it can
  // only usefully be the time of that target's change, and that is how it is read.
  const at = unixSeconds(p.time);
  if (at === undefined) return rejected(`${eventType} has no usable time`);
  if (eventType === 'call_start' || eventType === 'call_update_info') {
    const type = eventType === 'call_start' ? 'callStarted' : 'callUpdated';
    // The SIP Call-ID is what a REST CDR (a gap's backfill) shares with these (reduce/callAliases.ts).
    return accepted([
      compact({ ...base, at, type, callId, sipCallId: text(p.call_id), parties: parties(p) }),
    ]);
  }
  const destination = text(firstOf(p, ['destination', 'destiantion']));
  const target = sipUser(destination) ?? sipUser(p.callee);
  if (destination === undefined || target === undefined) {
    return rejected(`${eventType} has no destination (or its misspelling "destiantion")`);
  }
  const type = LEG_EVENTS[eventType] as LegEvent['type'];
  // The full target URI (with host and port) tells apart two devices of one extension.
  const event = { ...base, at, type, callId, leg: destination, target, targetKind: 'unknown' } as LegEvent;
  return accepted([event]);
}
