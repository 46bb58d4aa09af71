import type { DomainEvent, QueueAgentFact, QueueRef, WaitingCallerFact } from '../../domain/events';
import { type JsonValue, readJson } from '../../json/readJson';
import {
  bool,
  describeValue,
  firstOf,
  integer,
  isObject,
  type JsonObject,
  sipUser,
  text,
  unixSeconds,
} from '../fields';
import { accepted, eventTime, ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { CDR_EVENT_TYPES, compact, normalizeCdrEvent } from './cdr';
import { agentState, callerKind } from './enums';
import { normalizeExtensionEvent } from './wsiExtensions';

/**
 * PortSIP WSI (Pub/Sub, v22.3) frames: queue, queue-management, extension and CDR topics, plus the
 * replies to our own `auth` / `subscribe` commands, which the connector needs and the domain does not.
 */

export interface WsiReply {
  readonly command: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly id?: string;
}

/**
 * Which resync snapshot a frame is, if any: the session counts snapshots to know when the truth is
 * restored. `queueAnnounced`: one of the queue_created burst after the management subscribe;
 * `queue`: a queue_status; `extension`: an extension_status. Marked here so the server never reads
 * the vendor's event type.
 */
export type WsiSnapshot = 'queueAnnounced' | 'queue' | 'extension';

export type WsiFrame =
  | { kind: 'reply'; reply: WsiReply }
  | { kind: 'event'; result: Normalized; snapshot?: WsiSnapshot };

const SNAPSHOTS: ReadonlyMap<string, WsiSnapshot> = new Map([
  ['queue_created', 'queueAnnounced'],
  ['queue_status', 'queue'],
  ['extension_status', 'extension'],
]);

/**
 * A frame with `command` and no `event_type` is a reply when it carries `status` or `error` (the doc's
 * replies do). Without either it has the shape of a command we send (auth, subscribe), not an answer
 * to one: it is ignored rather than read as a failed reply.
 */
export function readWsiFrame(frame: string, ctx: NormalizeContext): WsiFrame {
  const parsed = readJson(frame);
  if (!parsed.ok) return { kind: 'event', result: rejected(`invalid JSON: ${parsed.error.message}`) };
  const value = parsed.value;
  if (isObject(value) && value.event_type === undefined && typeof value.command === 'string') {
    if (value.status === undefined && value.error === undefined) {
      return { kind: 'event', result: ignored(`"${value.command}" command without status: not a reply`) };
    }
    const status = integer(value.status);
    const reply = { command: value.command, ok: status === 0, error: text(value.error), id: text(value.id) };
    return { kind: 'reply', reply: compact(reply) };
  }
  const frameType = isObject(value) ? text(value.event_type) : undefined;
  const snapshot = frameType === undefined ? undefined : SNAPSHOTS.get(frameType);
  const result = normalizeWsi(value, ctx);
  return snapshot === undefined ? { kind: 'event', result } : { kind: 'event', result, snapshot };
}

type Base = Pick<DomainEvent, 'source' | 'origin' | 'tenant'>;

function queueRef(p: JsonObject, tenant: string | undefined): QueueRef {
  const ref: { tenant?: string; id?: string; number?: string } = {};
  if (tenant !== undefined) ref.tenant = tenant;
  const id = text(p.queue_id);
  const number = text(p.queue_number);
  if (id !== undefined) ref.id = id;
  if (number !== undefined) ref.number = number;
  return ref;
}

function waitingCaller(c: JsonObject, fallback: number): WaitingCallerFact | undefined {
  const sessionId = text(c.session_id);
  if (sessionId === undefined) return undefined;
  return compact({
    sessionId,
    caller: text(c.caller_number),
    callerName: text(c.caller_name),
    kind: callerKind(c.type),
    since: unixSeconds(c.timestamp) ?? fallback,
    position: integer(c.position),
  });
}

function queueAgent(a: JsonObject, fallback: number, warnings: string[]): QueueAgentFact | undefined {
  const extension = sipUser(firstOf(a, ['agent_extension_number', 'extension']));
  const state = agentState(firstOf(a, ['state', 'status']));
  if (extension === undefined || state === undefined) {
    warnings.push(
      `agent entry skipped: extension ${extension ?? '?'} state ${describeValue(a.state ?? a.status)}`,
    );
    return undefined;
  }
  return compact({
    extension,
    state,
    since: unixSeconds(a.timestamp) ?? fallback,
    sessionId: text(a.session_id),
    caller: text(a.caller_number),
    callerName: text(a.caller_name),
  });
}

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

const CALLER_REASONS = {
  agent_answered: 'callerAnswered',
  overflow: 'callerOverflowed',
  hangup: 'callerAbandoned',
  callback: 'callbackScheduled',
} as const;

function queueEvent(type: string, p: JsonObject, base: Base, ctx: NormalizeContext): Normalized {
  const queue = queueRef(p, base.tenant);
  if (queue.id === undefined && queue.number === undefined) return rejected(`${type} names no queue`);
  const warnings: string[] = [];
  const events: DomainEvent[] = [];
  switch (type) {
    case 'queue_status': {
      // A snapshot carries no time of its own: it is the truth as of its arrival.
      const time = eventTime(undefined, ctx);
      const waiting = objects(p.waiting_list).flatMap((c) => waitingCaller(c, time.at) ?? []);
      const agents = objects(p.agents).flatMap((a) => queueAgent(a, time.at, warnings) ?? []);
      const name = text(p.queue_name);
      events.push(compact({ ...base, ...time, type: 'queueSnapshotted', queue, name, waiting, agents }));
      break;
    }
    case 'queue_caller_status':
      for (const c of objects(p.updated_callers)) {
        const reason = text(c.reason);
        const caller = waitingCaller(c, ctx.receivedAt);
        if (!caller) {
          warnings.push('updated_callers entry without session_id skipped');
          continue;
        }
        // The time of this change (see docs/decisions.md).
        const time = eventTime(unixSeconds(c.timestamp), ctx);
        if (reason === 'enqueue') events.push({ ...base, ...time, type: 'callerQueued', queue, caller });
        // Own keys only: `"toString" in CALLER_REASONS` is true and made an event of type toString.
        else if (reason !== undefined && Object.hasOwn(CALLER_REASONS, reason)) {
          const t = CALLER_REASONS[reason as keyof typeof CALLER_REASONS];
          events.push({ ...base, ...time, type: t, queue, sessionId: caller.sessionId });
        } else warnings.push(`unknown caller reason "${reason ?? ''}" skipped`);
      }
      break;
    case 'queue_agent_status':
      for (const a of objects(p.updated_agents)) {
        const agent = queueAgent(a, ctx.receivedAt, warnings);
        const time = eventTime(unixSeconds(a.timestamp), ctx);
        if (agent) events.push({ ...base, ...time, type: 'agentStateChanged', queue, agent });
      }
      for (const a of objects(p.removed_agents)) {
        const extension = sipUser(a.agent_extension_number);
        if (extension) {
          const time = eventTime(undefined, ctx);
          events.push({ ...base, ...time, type: 'agentRemovedFromQueue', queue, extension });
        }
      }
      break;
    case 'queue_sla_breached':
      events.push(
        compact({
          ...base,
          ...eventTime(unixSeconds(p.timestamp), ctx),
          type: 'slaBreachReported',
          queue,
          caller: text(p.caller),
          totalBreached: integer(p.total_callers_breached),
          slaSeconds: integer(p.sla_time_secs),
          waitingCallers: integer(p.waiting_callers),
        }),
      );
      break;
    case 'queue_created':
    case 'queue_updated':
      events.push(
        compact({
          ...base,
          ...eventTime(undefined, ctx),
          type: type === 'queue_created' ? 'queueCreated' : 'queueUpdated',
          queue,
          name: text(p.queue_name),
        }),
      );
      break;
    default: // queue_destroy (sic) and queue_destroyed
      events.push({ ...base, ...eventTime(undefined, ctx), type: 'queueDeleted', queue });
  }
  return accepted(events, warnings);
}

const QUEUE_TYPES = new Set([
  'queue_status',
  'queue_caller_status',
  'queue_agent_status',
  'queue_sla_breached',
  'queue_created',
  'queue_updated',
  'queue_destroy',
  'queue_destroyed',
]);

export function normalizeWsi(value: JsonValue, ctx: NormalizeContext): Normalized {
  if (!isObject(value)) return rejected('WSI frame is not a JSON object');
  const type = text(value.event_type);
  if (type === undefined) return rejected('WSI frame has no event_type');
  const tenant = text(value.tenant_id);
  const base: Base = {
    source: ctx.source,
    origin: 'portsip-wsi',
    ...(tenant === undefined ? {} : { tenant }),
  };
  if (QUEUE_TYPES.has(type)) return queueEvent(type, value, base, ctx);
  if (CDR_EVENT_TYPES.has(type))
    return normalizeCdrEvent(value, type, { source: ctx.source, origin: 'portsip-wsi' });
  const ext = normalizeExtensionEvent(type, value, base, ctx);
  return ext ?? ignored(`unknown WSI event_type "${type}"`);
}

export { bool };
