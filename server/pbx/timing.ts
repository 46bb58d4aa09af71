/** Every delay the WSI connector uses, in one place so tests can shrink them all. */
export interface WsiTiming {
  /** How often we ping the PBX. A half-open TCP link sends nothing, so silence alone proves nothing. */
  readonly pingIntervalMs: number;
  /** Consecutive ping intervals without a pong after which the link is declared dead and terminated. */
  readonly missedPongs: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /** A link that stayed up this long was healthy: the next failure starts the backoff from the base. */
  readonly stableMs: number;
  /** Wait after a refused login. Wrong credentials do not fix themselves; hammering the PBX locks accounts. */
  readonly authRetryMs: number;
  /** How long we wait for the PBX's snapshots (and for its auth reply) before going on without them. */
  readonly snapshotTimeoutMs: number;
  readonly maxPayloadBytes: number;
  /** Quiet time after the last queue_created (or queue_status) before the next subscribe is sent. */
  readonly discoveryQuietMs: number;
  /** How long stop() waits for the PBX to complete the close handshake before cutting the socket. */
  readonly closeGraceMs: number;
}

export const DEFAULT_TIMING: WsiTiming = {
  pingIntervalMs: 15_000,
  missedPongs: 2,
  backoffBaseMs: 1_000,
  backoffCapMs: 30_000,
  stableMs: 60_000,
  authRetryMs: 60_000,
  snapshotTimeoutMs: 10_000,
  maxPayloadBytes: 1024 * 1024,
  discoveryQuietMs: 500,
  closeGraceMs: 1_000,
};

export function resolveTiming(overrides: Partial<WsiTiming> | undefined): WsiTiming {
  const timing = { ...DEFAULT_TIMING };
  // Skip explicit `undefined`s so a partially filled config object cannot erase a default.
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      (timing as Record<string, number>)[key] = value;
    }
  }
  return timing;
}

/** Longest a dead link can go unnoticed: one interval to send the ping, `missedPongs` to give up. */
export function deadLinkBoundMs(t: WsiTiming): number {
  return t.pingIntervalMs * (t.missedPongs + 1);
}
