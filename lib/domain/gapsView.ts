import type { GapReason } from './events';
import type { DomainState } from './state';

/**
 * A gap as a queue shows it (docs/metrics.md, "Gaps"): today's figures of the queue miss what its
 * source did from `from` to `to` (server times). `detail` says why a backfill did not repair it.
 */
export interface GapView {
  readonly source: string;
  readonly from: number;
  readonly to: number;
  readonly reason: GapReason;
  readonly detail?: string;
}

/**
 * The gaps a queue's figures miss: every unrepaired gap of a source that feeds the queue's scope
 * (state.sourceScopes). Undefined when there is none, so a queue without gaps sends nothing more.
 */
export function queueGaps(state: DomainState, scope: string): readonly GapView[] | undefined {
  if (!state.gaps || state.gaps.length === 0) return undefined;
  const shown: GapView[] = [];
  for (const g of state.gaps) {
    if (g.backfill?.outcome === 'filled') continue;
    if (!state.sourceScopes?.[g.source]?.includes(scope)) continue;
    const detail = g.backfill?.detail;
    shown.push({
      source: g.source,
      from: g.from,
      to: g.to,
      reason: g.reason,
      ...(detail === undefined ? {} : { detail }),
    });
  }
  return shown.length > 0 ? shown : undefined;
}
