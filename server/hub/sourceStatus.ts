import type { SourceAgreement } from '../../lib/domain/agreement';
import { sourceCheck } from '../../lib/domain/reduce/drift';
import type { DomainState } from '../../lib/domain/state';
import type { SourceStatus } from '../../lib/protocol';

const latest = (a: number | null, b: number | undefined): number | null =>
  b === undefined ? a : Math.max(a ?? b, b);

/**
 * A link's status with what the state knows of its source: its last event, its clock, its proof of
 * life, its self-checks against the PBX (drift.check) and its cross-check with another source
 * (drift.agreement, worked out by the caller once per second). Pure.
 */
export function sourceStatusOf(
  state: DomainState,
  id: string,
  status: SourceStatus,
  agreement: SourceAgreement | undefined,
  clockWarnMs: number,
): SourceStatus {
  const offset = state.clocks[id];
  const lastEvent = state.sources[id];
  const check = sourceCheck(state, id);
  // An event is a proof of life too (a webhook source has no other), and so is a check.
  const proof = latest(latest(status.lastProofOfLifeAt ?? null, lastEvent), check?.lastCheckedAt);
  const drift = {
    ...status.drift,
    ...(check ? { check } : {}),
    ...(agreement ? { agreement } : {}),
  };
  return {
    ...status,
    lastEventAt: lastEvent ?? status.lastEventAt,
    lastProofOfLifeAt: proof,
    clockOffsetMs: offset ?? null,
    clockWarning: offset !== undefined && Math.abs(offset) > clockWarnMs,
    scopes: state.sourceScopes?.[id] ?? [],
    ...(check || agreement ? { drift } : {}),
  };
}
