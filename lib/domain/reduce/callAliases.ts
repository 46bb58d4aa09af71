import { Map as IMap } from 'immutable';
import { scopeOf } from '../keys';
import type { DomainState } from '../state';
import type { CallEvent } from './calls';

/**
 * One call, whichever record names it. PortSIP's live facts name a call by its session id; its REST
 * CDRs (a gap's backfill) carry no session id, only the SIP Call-ID that the live CDR facts carry too.
 * The first fact naming a SIP Call-ID in a scope fixes the call id it goes by; a later fact with the
 * same SIP Call-ID under another call id is read as a fact about that call. So a backfilled call that
 * also arrived live (over the webhook, or before the link dropped) is one call and one queue visit,
 * counted once, in whatever order the two arrive.
 */
export function resolveCallAlias(state: DomainState, e: CallEvent): { state: DomainState; event: CallEvent } {
  if (e.sipCallId === undefined) return { state, event: e };
  const key = `${scopeOf(e)}/${e.sipCallId}`;
  const aliases = state.callAliases ?? IMap<string, string>();
  const known = aliases.get(key);
  if (known === undefined) return { state: { ...state, callAliases: aliases.set(key, e.callId) }, event: e };
  return { state, event: known === e.callId ? e : { ...e, callId: known } };
}
