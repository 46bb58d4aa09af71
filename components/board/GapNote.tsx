'use client';

import { gapsDetail, gapsText } from '../../lib/board/gaps';
import { useWallboardShallow } from '../live/StoreProvider';
import { useFormat } from './Formats';

/**
 * "figures miss 09:12–09:20: link down" beside figures of queues whose source was down and nothing
 * repaired it (docs/metrics.md, "Gaps"), until the day rolls. A failed backfill's reason is its title.
 * Renders nothing while the queues miss nothing.
 */
export function GapNote({ queueIds, max }: { queueIds: readonly string[]; max?: number }) {
  const lists = useWallboardShallow((s) => queueIds.map((id) => s.queues[id]?.gaps));
  const { formats } = useFormat();
  const gaps = lists.flatMap((g) => g ?? []);
  const text = gapsText(gaps, formats, max);
  if (text === null) return null;
  const detail = gapsDetail(gaps);
  return (
    <span className="gap-note" data-testid="gap-note" {...(detail ? { title: detail } : {})}>
      {' · '}
      {text}
    </span>
  );
}
