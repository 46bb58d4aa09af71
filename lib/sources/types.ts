import type { DomainEvent, SourceKind } from '../domain/events';

/** What the edge knows about a payload besides its body. */
export interface NormalizeContext {
  /** Configured source id; copied into every event. */
  readonly source: string;
  /**
   * When the payload arrived (ms). Used as the event time only where the PBX sends none (3CX);
   * journaled with the payload, so a replay yields the same events.
   */
  readonly receivedAt: number;
}

export type Normalized =
  | {
      readonly ok: true;
      readonly events: readonly DomainEvent[];
      /** Set when the payload is valid but carries nothing for a wallboard (unknown type, DTMF, SMS, …). */
      readonly ignored?: string;
      /** Parts of a valid payload that were skipped, e.g. one unknown agent state among many. */
      readonly warnings?: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

export type Normalizer<P = unknown> = (payload: P, ctx: NormalizeContext) => Normalized;

export interface SourceDescriptor {
  readonly kind: SourceKind;
}

export function accepted(events: readonly DomainEvent[], warnings?: readonly string[]): Normalized {
  return warnings && warnings.length > 0 ? { ok: true, events, warnings } : { ok: true, events };
}

export function ignored(reason: string): Normalized {
  return { ok: true, events: [], ignored: reason };
}

export function rejected(error: string): Normalized {
  return { ok: false, error };
}

/**
 * An event's time: the PBX's own where the payload has one, else the arrival time, marked as such so
 * that it is never compared with a PBX time nor taken for a sample of the PBX's clock.
 */
export function eventTime(
  pbxTime: number | undefined,
  ctx: NormalizeContext,
): { readonly at: number; readonly atArrival?: true } {
  return pbxTime === undefined ? { at: ctx.receivedAt, atArrival: true } : { at: pbxTime };
}
