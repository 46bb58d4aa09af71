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
