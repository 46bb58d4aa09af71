import type { CallDirection, CallParties } from '../../domain/events';
import { type JsonObject, text } from '../fields';

const DIRECTIONS: ReadonlyMap<string, CallDirection> = new Map([
  ['in', 'inbound'],
  ['out', 'outbound'],
]);

/**
 * The call's parties as one VoIPstudio event names them. Only the fields the event actually carries
 * are set: events of one call come from different contexts, and an absent field must not overwrite
 * what an earlier event said.
 */
export function partiesOf(event: JsonObject): CallParties {
  const parties: { -readonly [K in keyof CallParties]: CallParties[K] } = {};
  const direction = DIRECTIONS.get(text(event.destination)?.toLowerCase() ?? '');
  if (direction) parties.direction = direction;
  const caller = text(event.src);
  if (caller) parties.caller = caller;
  const callerName = displayName(event.src_name);
  if (callerName) parties.callerName = callerName;
  const callee = text(event.dst);
  if (callee) parties.callee = callee;
  const calleeName = displayName(event.dst_name);
  if (calleeName) parties.calleeName = calleeName;
  return parties;
}

/** `"442035141598" <2035141598>` (SIP name-addr, quoted display) or `"John Smith"`. */
const QUOTED = /^"((?:[^"\\]|\\.)*)"\s*(?:<[^<>]*>)?$/;
/** `John Smith <1001>` (unquoted display) or a bare `<1001>`. */
const UNQUOTED = /^([^"<>]*?)\s*<[^<>]*>$/;

/**
 * The display part of a `src_name`/`dst_name`. The doc shows both shapes: a SIP name-addr
 * (`"442035141598" <2035141598>`, where the display part is what a person reads) and a plain name
 * (`John Smith`, used as is). An empty display part (`<2035141598>`, `""`) gives undefined: the
 * number itself is already in src/dst.
 */
export function displayName(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const quoted = QUOTED.exec(raw);
  const unquoted = quoted ? undefined : UNQUOTED.exec(raw);
  const display = quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : unquoted ? (unquoted[1] ?? '') : raw;
  return display.trim() || undefined;
}
