import type { DomainEvent } from '../../domain/events';
import type { JsonValue } from '../../json/readJson';
import {
  describeValue,
  enumToken,
  firstOf,
  integer,
  isObject,
  type JsonObject,
  kindOf,
  text,
  utcDateTime,
} from '../fields';
import { accepted, ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { contextOf, type LegRef, localUser, localUserField, resolveLeg } from './leg';
import { partiesOf } from './parties';

/**
 * VoIPstudio webhooks (seed 004) → domain events. One webhook is one event: `event_name` picks the
 * mapping, `context` says which leg (queue or user phone) it is about, `event_time` (UTC "Y-m-d H:i:s")
 * is the fact's time. Pure and total: every input gives a Normalized, nothing throws.
 */
export function normalizeVoipstudio(payload: JsonValue, ctx: NormalizeContext): Normalized {
  // No catch-all: the field readers are total, and the fuzz tests must see a bug if one appears.
  return normalizeObject(payload, ctx);
}

/** Valid webhooks with nothing for a wallboard: accepted without checking their other fields. */
const NOT_WALLBOARD_FACTS: ReadonlyMap<string, string> = new Map([
  ['call.dtmf', 'DTMF digits: not a wallboard fact'],
  ['sms.received', 'SMS: not a wallboard fact'],
]);

/** What every call-level event shares once event_time and call_id have been checked. */
interface CallBase {
  readonly source: string;
  readonly origin: 'voipstudio';
  readonly at: number;
  readonly callId: string;
}

interface Webhook {
  readonly event: JsonObject;
  /** event_name as sent (trimmed), for messages. */
  readonly name: string;
  readonly base: CallBase;
}

type Mapping = (hook: Webhook) => Normalized;

function normalizeObject(payload: JsonValue, ctx: NormalizeContext): Normalized {
  if (!isObject(payload)) return rejected(`VoIPstudio payload is not a JSON object (got ${kindOf(payload)})`);
  const name = text(payload.event_name);
  if (name === undefined) return rejected('missing event_name');
  // Matched case-insensitively: the doc spells them lower-case, a differently cased name means the same.
  const key = name.toLowerCase();
  const notAFact = NOT_WALLBOARD_FACTS.get(key);
  if (notAFact !== undefined) return ignored(notAFact);
  const mapping = MAPPINGS.get(key);
  if (mapping === undefined) return ignored(`unknown VoIPstudio event "${name}"`);

  const at = utcDateTime(payload.event_time);
  if (at === undefined) return rejected(badTime(payload.event_time));
  const callId = text(payload.call_id);
  if (callId === undefined) return rejected(`${name}: missing call_id`);
  return mapping({ event: payload, name, base: { source: ctx.source, origin: 'voipstudio', at, callId } });
}

function badTime(value: JsonValue | undefined): string {
  if (isAbsent(value)) return 'missing event_time';
  return `event_time ${describeValue(value)} is not a "Y-m-d H:i:s" UTC time`;
}

/** Not sent at all, null, or blank: reported as "missing" rather than as a bad value. */
function isAbsent(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Runs `build` with the event's leg, or rejects naming the field the leg target should be in. */
function withLeg(hook: Webhook, build: (leg: LegRef) => readonly DomainEvent[]): Normalized {
  const result = resolveLeg(hook.event);
  return result.ok ? accepted(build(result.leg)) : rejected(`${hook.name}: missing ${result.missing}`);
}

/**
 * Every leg event also (re)states the call: VoIPstudio has no separate "call created" webhook, and
 * the first one we see may be any of them (webhooks can be filtered per event type).
 */
const callInitial: Mapping = (hook) =>
  withLeg(hook, (leg) => [
    { type: 'callStarted', ...hook.base, parties: partiesOf(hook.event) },
    { type: 'callLegAdded', ...hook.base, ...leg },
  ]);

const callRinging: Mapping = (hook) =>
  withLeg(hook, (leg) => [
    { type: 'callStarted', ...hook.base, parties: partiesOf(hook.event) },
    { type: 'callLegRinging', ...hook.base, ...leg },
  ]);

const callConnected: Mapping = (hook) =>
  withLeg(hook, (leg) => [
    { type: 'callStarted', ...hook.base, parties: partiesOf(hook.event) },
    { type: 'callLegAnswered', ...hook.base, ...leg },
  ]);

/** Hold is a user's action: the extension is named only when the event comes from the user's context. */
function holdExtension(event: JsonObject): { extension?: string } {
  const extension = contextOf(event) === 'LOCAL_USER' ? localUser(event) : undefined;
  return extension === undefined ? {} : { extension };
}

const callHold: Mapping = (hook) =>
  accepted([{ type: 'callHeld', ...hook.base, ...holdExtension(hook.event) }]);
const callUnhold: Mapping = (hook) =>
  accepted([{ type: 'callResumed', ...hook.base, ...holdExtension(hook.event) }]);

/**
 * connected_at is null until the call is answered (doc: "Default null"), so a valid connected_at is
 * what "answered" means. `duration` is counted as talk time only then: for an unanswered call it
 * would be ring time. A negative duration is nonsense and is left out.
 */
const callHangup: Mapping = (hook) => {
  const answered = utcDateTime(hook.event.connected_at) !== undefined;
  const duration = answered ? integer(hook.event.duration) : undefined;
  const talk = duration !== undefined && duration >= 0 ? { talkSeconds: duration } : {};
  return withLeg(hook, (leg) => [
    { type: 'callLegEnded', ...hook.base, ...leg, ...talk },
    { type: 'callEnded', ...hook.base, answered, ...reasonOf(hook.event) },
  ]);
};

/**
 * A user-level miss is one phone ringing out while the caller may still wait in the queue (doc: look
 * for context QUEUE to find calls no agent answered), so only a non-user miss ends the call.
 */
const callMissed: Mapping = (hook) =>
  withLeg(hook, (leg) =>
    leg.targetKind === 'extension'
      ? [{ type: 'callLegNotAnswered', ...hook.base, ...leg }]
      : [
          { type: 'callLegNotAnswered', ...hook.base, ...leg },
          { type: 'callEnded', ...hook.base, answered: false, ...reasonOf(hook.event) },
        ],
  );

function reasonOf(event: JsonObject): { reason?: string } {
  const reason = text(event.t_cause);
  return reason === undefined ? {} : { reason };
}

/**
 * queue.wrapup: "all attributes are the same as Call Event" (doc), so the agent is the local user:
 * `dst`, or `src` when destination is "out", whatever the `context` says. The doc names no queue
 * attribute for wrap-up, and with context QUEUE `dst` would be the queue rather than the agent, so we
 * do not guess one: `queue` is set only when a `queue` or `queue_number` field is actually present.
 */
const queueWrapup: Mapping = (hook) => {
  const { event, base } = hook;
  const state = enumToken(event.state);
  if (state !== 'START' && state !== 'END' && state !== 'TIMEOUT') {
    if (isAbsent(event.state)) return rejected('queue.wrapup: missing state (START, END or TIMEOUT)');
    return rejected(`queue.wrapup: state ${describeValue(event.state)} is not START, END or TIMEOUT`);
  }
  const extension = localUser(event);
  if (extension === undefined) {
    return rejected(`queue.wrapup: missing ${localUserField(event)} (the agent's extension)`);
  }
  const queueNumber = text(firstOf(event, ['queue', 'queue_number']));
  const fact = {
    source: base.source,
    origin: base.origin,
    at: base.at,
    extension,
    callId: base.callId,
    ...(queueNumber === undefined ? {} : { queue: { number: queueNumber } }),
  };
  if (state === 'START') return accepted([{ type: 'wrapUpStarted', ...fact }]);
  return accepted([{ type: 'wrapUpEnded', ...fact, timedOut: state === 'TIMEOUT' }]);
};

const MAPPINGS: ReadonlyMap<string, Mapping> = new Map([
  ['call.initial', callInitial],
  ['call.ringing', callRinging],
  ['call.connected', callConnected],
  ['call.hold', callHold],
  ['call.unhold', callUnhold],
  ['call.hangup', callHangup],
  ['call.missed', callMissed],
  ['queue.wrapup', queueWrapup],
]);
