import type { FloorMessageView } from '../../lib/protocol';

const RANK = { critical: 0, warn: 1, info: 2 } as const;

/** One board's floor messages, most severe first, then newest first. */
export function floorMessagesFor(all: readonly FloorMessageView[], boardId: string): FloorMessageView[] {
  return all
    .filter((m) => m.boardIds.includes(boardId))
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.postedAt - a.postedAt);
}
