import type { LegTargetKind } from '../../domain/events';
import { enumToken, type JsonObject, text } from '../fields';

/**
 * Which leg a VoIPstudio call event is about. The doc (004, "Context attribute - Queue") says every
 * object a call touches emits its own events, told apart by `context`: `QUEUE` for the queue,
 * `LOCAL_USER` for a user's phone. `src`/`dst` are the call's parties, so which of them is the leg's
 * target depends on the context and, for a local user, on the call's direction.
 */
export interface LegRef {
  readonly leg: string;
  readonly target: string;
  readonly targetKind: LegTargetKind;
}

export type LegResult =
  | { readonly ok: true; readonly leg: LegRef }
  | { readonly ok: false; readonly missing: string };

/** `destination` is "in" or "out" (doc); anything else is treated like "in", the usual queue case. */
export function isOutbound(event: JsonObject): boolean {
  return text(event.destination)?.toLowerCase() === 'out';
}

/**
 * The field naming the local user (the agent): on an inbound call the user is the one being called
 * (`dst`), on an outbound call the one calling (`src`).
 */
export function localUserField(event: JsonObject): 'src' | 'dst' {
  return isOutbound(event) ? 'src' : 'dst';
}

/** The local user's extension, or undefined when that field is empty. */
export function localUser(event: JsonObject): string | undefined {
  return text(event[localUserField(event)]);
}

/**
 * `context` as a token ("local_user" and "Local User" → "LOCAL_USER"); undefined when absent.
 * Upper-cased so the leg key does not depend on the PBX's spelling.
 */
export function contextOf(event: JsonObject): string | undefined {
  return enumToken(event.context);
}

/**
 * QUEUE → the queue (its number is `dst`); LOCAL_USER → the user's extension (see localUserField);
 * any other or missing context → `dst`, kind 'other'. The leg key is `${CONTEXT}:${target}`, so the
 * same phone rung twice in one call stays one leg, and the queue leg never collides with a user leg.
 */
export function resolveLeg(event: JsonObject): LegResult {
  const context = contextOf(event);
  const field = context === 'LOCAL_USER' ? localUserField(event) : 'dst';
  const target = text(event[field]);
  if (target === undefined)
    return { ok: false, missing: `${field} (the ${context ?? 'UNKNOWN'} leg target)` };
  return { ok: true, leg: { leg: `${context ?? 'UNKNOWN'}:${target}`, target, targetKind: kindOf(context) } };
}

function kindOf(context: string | undefined): LegTargetKind {
  if (context === 'QUEUE') return 'queue';
  if (context === 'LOCAL_USER') return 'extension';
  return 'other';
}
