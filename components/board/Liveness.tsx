'use client';

import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { affectedQueues, type Liveness, linkLiveness } from '../../lib/board/stale';
import { useNow } from '../live/clock';
import { useWallboard, useWallboardShallow } from '../live/StoreProvider';

/**
 * Whether the figures on screen are live (lib/board/stale.ts), computed once per page and shared by
 * context. The provider ticks each second, but its value changes only when liveness does, so the tiles
 * and rows that read it re-render only then.
 */
export interface LivenessValue extends Liveness {
  /** Queues fed by a source that is not connected. */
  readonly affected: ReadonlySet<string>;
}

const Ctx = createContext<LivenessValue>({
  live: false,
  reason: 'connecting',
  since: null,
  affected: new Set(),
});

export function LivenessProvider({ children }: { children: ReactNode }) {
  const now = useNow();
  const link = useWallboard((s) => s.link);
  const linkSince = useWallboard((s) => s.linkSince);
  const hasView = useWallboard((s) => s.view !== null);
  const lastMessageAt = useWallboard((s) => s.lastMessageAt);
  const affected = useWallboardShallow((s) => [...affectedQueues(s.queueIds, s.sources)].sort());
  const l: Liveness =
    now === null
      ? { live: false, reason: 'connecting', since: linkSince }
      : linkLiveness({ link, linkSince, hasView, lastMessageAt, now });
  const value = useMemo<LivenessValue>(
    () => ({ live: l.live, reason: l.reason, since: l.since, affected: new Set(affected) }),
    [l.live, l.reason, l.since, affected],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLiveness(): LivenessValue {
  return useContext(Ctx);
}

/** Live: the link is, and (given queues) none of them is fed by a source that is down. */
export function useLive(queueIds?: readonly string[]): boolean {
  const v = useLiveness();
  if (!v.live) return false;
  return !queueIds?.some((id) => v.affected.has(id));
}
