import type { DomainEvent, ExtensionRef } from '../../domain/events';
import {
  bool,
  describeValue,
  firstOf,
  isObject,
  type JsonObject,
  sipUser,
  text,
  unixSeconds,
} from '../fields';
import { accepted, eventTime, type NormalizeContext, type Normalized, rejected } from '../types';
import { compact } from './cdr';
import { agentState, callStatus, presence } from './enums';

type Base = Pick<DomainEvent, 'source' | 'origin' | 'tenant'>;

function extensionRef(p: JsonObject, tenant: string | undefined): ExtensionRef | undefined {
  const number = sipUser(firstOf(p, ['extension', 'extension_number']));
  if (number === undefined) return undefined;
  const id = text(p.extension_id);
  return { number, ...(tenant === undefined ? {} : { tenant }), ...(id === undefined ? {} : { id }) };
}

function statusEntries(p: JsonObject, base: Base, ctx: NormalizeContext): Normalized {
  const entries = Array.isArray(p.status) ? p.status.filter(isObject) : [];
  const events: DomainEvent[] = [];
  const warnings: string[] = [];
  for (const s of entries) {
    const extension = extensionRef(s, base.tenant);
    if (!extension) {
      warnings.push('status entry without extension skipped');
      continue;
    }
    const time = eventTime(unixSeconds(s.time), ctx);
    const online = bool(s.online);
    if (online !== undefined) {
      const pushOnline = bool(s.push_online);
      events.push(
        compact({ ...base, ...time, type: 'extensionRegistrationChanged', extension, online, pushOnline }),
      );
    }
    const cs = callStatus(s.call_status);
    if (cs) events.push({ ...base, ...time, type: 'extensionCallStatusChanged', extension, callStatus: cs });
    else warnings.push(`unknown call_status ${describeValue(s.call_status)} for ${extension.number}`);
    const pr = presence(s.presence);
    if (pr) {
      const note = text(s.presence_note);
      events.push(
        compact({ ...base, ...time, type: 'extensionPresenceChanged', extension, presence: pr, note }),
      );
    }
  }
  return accepted(events, warnings);
}

const MANAGEMENT: Record<string, 'extensionCreated' | 'extensionUpdated' | 'extensionDeleted'> = {
  extension_created: 'extensionCreated',
  extnesion_created: 'extensionCreated', // sic in the WSI doc
  extension_updated: 'extensionUpdated',
  extension_destroyed: 'extensionDeleted',
  extension_deleted: 'extensionDeleted',
};

const OTHER_TYPES = new Set(['extension_call', 'extension_presence', 'extension_agent_status']);

/**
 * Extension topics; undefined when `type` is not one of them (also for an unknown `extension_*` type,
 * which is ignored like any unknown type, whether or not it names an extension).
 */
export function normalizeExtensionEvent(
  type: string,
  p: JsonObject,
  base: Base,
  ctx: NormalizeContext,
): Normalized | undefined {
  if (type === 'extension_status') return statusEntries(p, base, ctx);
  // Own keys only: MANAGEMENT["constructor"] is Object, which made an event of type Object.
  const mgmt = Object.hasOwn(MANAGEMENT, type) ? MANAGEMENT[type] : undefined;
  if (!mgmt && !OTHER_TYPES.has(type)) return undefined;
  const extension = extensionRef(p, base.tenant);
  if (!extension) return rejected(`${type} names no extension`);
  const time = eventTime(unixSeconds(p.time), ctx);
  const at = time.at;
  if (mgmt === 'extensionDeleted') return accepted([{ ...base, ...time, type: mgmt, extension }]);
  if (mgmt) {
    const profile = compact({
      name: text(p.disp_name),
      email: text(p.email),
      username: text(p.username),
      department: text(p.department),
      enabled: bool(p.enabled),
    });
    return accepted([{ ...base, ...time, type: mgmt, extension, profile }]);
  }
  switch (type) {
    case 'extension_call': {
      const cs = callStatus(p.call_status);
      if (!cs) return rejected(`unknown call_status ${describeValue(p.call_status)}`);
      return accepted([{ ...base, ...time, type: 'extensionCallStatusChanged', extension, callStatus: cs }]);
    }
    case 'extension_presence': {
      const pr = presence(p.presence);
      if (!pr) return rejected('extension_presence has no presence');
      const note = text(p.presence_note);
      return accepted([
        compact({ ...base, ...time, type: 'extensionPresenceChanged', extension, presence: pr, note }),
      ]);
    }
    case 'extension_agent_status': {
      const events: DomainEvent[] = [];
      const warnings: string[] = [];
      for (const s of Array.isArray(p.agent_status) ? p.agent_status.filter(isObject) : []) {
        const number = text(s.queue_number);
        const state = agentState(s.status);
        if (number === undefined || state === undefined) {
          warnings.push(
            `agent_status entry skipped: queue ${number ?? '?'} status ${describeValue(s.status)}`,
          );
          continue;
        }
        const queue = { number, ...(base.tenant === undefined ? {} : { tenant: base.tenant }) };
        const agent = { extension: extension.number, state, since: at };
        events.push({ ...base, ...time, type: 'agentStateChanged', queue, agent });
      }
      return accepted(events, warnings);
    }
    default:
      return undefined;
  }
}
