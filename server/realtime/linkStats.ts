/**
 * Counters of the live link's defences, read with `Viewers.stats()` and published at `GET /metrics`
 * (server/http/metrics.ts). Monotonic since the process started.
 */
export interface LinkStats {
  /** Sockets cut off because their unsent bytes passed the limit (a viewer that stopped reading). */
  slowConsumersDropped: number;
  /** Sockets cut off for sending more messages than any client needs. */
  floodersDropped: number;
  /** Catch-up requests (resync / resume) held back by the per-socket pace. */
  answersDeferred: number;
  /** Resumes answered from the ring, and resumes that needed a snapshot instead. */
  resumedFromRing: number;
  resumeFellBack: number;
  snapshotsSent: number;
  heartbeatsSent: number;
  /** Handshakes refused: bad credentials, and addresses refused for too many of those. */
  handshakesRefused: number;
  handshakesThrottled: number;
}

export const emptyLinkStats = (): LinkStats => ({
  slowConsumersDropped: 0,
  floodersDropped: 0,
  answersDeferred: 0,
  resumedFromRing: 0,
  resumeFellBack: 0,
  snapshotsSent: 0,
  heartbeatsSent: 0,
  handshakesRefused: 0,
  handshakesThrottled: 0,
});
