'use client';

import { ageLabel, oldestOf, queueProofAges } from '../../lib/board/freshness';
import { useServerNow } from '../live/clock';
import { useWallboard } from '../live/StoreProvider';

/**
 * "2 min old" beside a figure whose feeding source last proved it is alive over 2 minutes ago
 * (lib/board/freshness.ts), so the wall never shows an old figure as if it were current. A ticking
 * leaf: only it re-renders each second, and it renders nothing while every source is fresh.
 */
export function ProofAge({ queueIds }: { queueIds: readonly string[] }) {
  const now = useServerNow();
  const sources = useWallboard((s) => s.sources);
  if (now === null) return null;
  // Whether a source feeds a queue depends on that queue's key alone: these queues are enough.
  const age = oldestOf(queueProofAges(queueIds, sources, now), queueIds);
  if (age === null) return null;
  return (
    <span className="proof-age" data-testid="proof-age" data-age-ms={age}>
      {' · '}
      {ageLabel(age)}
    </span>
  );
}
