import type { SourceGapRecorded } from '../../lib/domain/events';

/**
 * A link's gaps (docs/metrics.md, "Gaps"): the span, on the server's clock, from the link's last proof
 * of life before it was lost to the moment it is back with fresh snapshots. The first connection of a
 * link (at start, after a settings change) is a gap only when it took longer than a grace period: a
 * PBX unreachable at start-up leaves the figures missing just as a lost link does, a normal start
 * does not.
 */
export const FIRST_CONNECT_GRACE_MS = 30_000;

export function createGapWatch(o: { readonly source: string; readonly now: () => number }) {
  let downSince: number | undefined;
  let firstConnect = false;
  return {
    /** The link starts: nothing arrives until its first snapshots. */
    starting(): void {
      downSince = o.now();
      firstConnect = true;
    },
    /** The link was lost; `lastProofOfLifeAt`: its last frame or pong (server time), if any. */
    lost(lastProofOfLifeAt: number | null): void {
      if (downSince !== undefined) return; // still down since earlier: the gap began then
      downSince = lastProofOfLifeAt ?? o.now();
      firstConnect = false;
    },
    /** The link's fresh snapshots are in: the gap it closes, if there was one. */
    back(): SourceGapRecorded | null {
      const from = downSince;
      const first = firstConnect;
      downSince = undefined;
      firstConnect = false;
      if (from === undefined) return null;
      const to = o.now();
      if (to <= from || (first && to - from < FIRST_CONNECT_GRACE_MS)) return null;
      return {
        type: 'sourceGapRecorded',
        source: o.source,
        origin: 'portsip-wsi',
        at: to,
        atArrival: true,
        from,
        to,
        reason: 'linkDown',
      };
    },
  };
}
