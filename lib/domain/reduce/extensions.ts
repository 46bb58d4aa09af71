import { eventServerTime } from '../clocks';
import type {
  DomainEvent,
  ExtensionCallStatusChanged,
  ExtensionCreated,
  ExtensionDeleted,
  ExtensionPresenceChanged,
  ExtensionRef,
  ExtensionRegistrationChanged,
  ExtensionUpdated,
} from '../events';
import { extensionKeyOf, scopeOf } from '../keys';
import type { DomainState, ExtensionState } from '../state';

type ExtensionEvent =
  | ExtensionRegistrationChanged
  | ExtensionCallStatusChanged
  | ExtensionPresenceChanged
  | ExtensionCreated
  | ExtensionUpdated
  | ExtensionDeleted;

function keyOf(e: Pick<DomainEvent, 'tenant' | 'source'>, ref: ExtensionRef): { key: string; scope: string } {
  const scope = scopeOf({ tenant: ref.tenant ?? e.tenant, source: e.source });
  return { key: extensionKeyOf(scope, ref.number), scope };
}

function blank(key: string, scope: string, ref: ExtensionRef): ExtensionState {
  return { key, scope, number: ref.number, id: ref.id, online: null, callStatus: null, presence: null };
}

/**
 * Each group of fields keeps the time of the fact that set it, and an older fact never overwrites
 * it, but only where both times are the PBX's: these facts come from WSI links, in order, and a
 * snapshot entry without a time is stamped on arrival (server clock), which a PBX time can never be
 * compared with. Then the later arrival, this fact, is the later fact.
 */
function newer(e: DomainEvent, setAt: number | undefined): boolean {
  return setAt === undefined || e.atArrival === true || e.at >= setAt;
}

/** The PBX time a field group keeps; none for an arrival-stamped fact (see `newer`). */
const pbxTimeOf = (e: DomainEvent) => (e.atArrival ? undefined : e.at);

/**
 * Since when the presence and its note hold, on the server's timeline (shown against `now`): a repeat
 * of the same presence and note keeps the first time.
 */
function presenceSinceOf(state: DomainState, ext: ExtensionState, e: ExtensionPresenceChanged): number {
  const same = ext.presence === e.presence && ext.presenceNote === e.note && ext.presenceSince !== undefined;
  return same && ext.presenceSince !== undefined ? ext.presenceSince : eventServerTime(state, e);
}

export function reduceExtensionEvent(state: DomainState, e: ExtensionEvent): DomainState {
  const { key, scope } = keyOf(e, e.extension);
  const prev = state.extensions.get(key);
  if (e.type === 'extensionDeleted') {
    return prev ? { ...state, extensions: state.extensions.delete(key) } : state;
  }
  const ext = prev ?? blank(key, scope, e.extension);
  const base: ExtensionState = { ...ext, id: ext.id ?? e.extension.id };
  let next: ExtensionState;
  switch (e.type) {
    case 'extensionRegistrationChanged':
      if (!newer(e, ext.onlineAt)) return state;
      next = { ...base, online: e.online, pushOnline: e.pushOnline, onlineAt: pbxTimeOf(e) };
      break;
    case 'extensionCallStatusChanged':
      if (!newer(e, ext.callStatusAt)) return state;
      next = { ...base, callStatus: e.callStatus, callStatusAt: pbxTimeOf(e) };
      break;
    case 'extensionPresenceChanged':
      if (!newer(e, ext.presenceAt)) return state;
      next = {
        ...base,
        presence: e.presence,
        presenceNote: e.note,
        presenceAt: pbxTimeOf(e),
        presenceSince: presenceSinceOf(state, ext, e),
      };
      break;
    case 'extensionCreated':
    case 'extensionUpdated':
      next = {
        ...base,
        name: e.profile.name ?? base.name,
        email: e.profile.email ?? base.email,
        department: e.profile.department ?? base.department,
      };
      break;
  }
  return { ...state, extensions: state.extensions.set(key, next) };
}

export type { ExtensionEvent };
