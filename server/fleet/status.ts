/**
 * A display's state and its outages, as pure functions of what the server saw and its own clock
 * (docs/metrics.md, "Displays"). No I/O: server/fleet/watch.ts feeds them.
 */
export type DisplayState = 'live' | 'not-live' | 'offline' | 'never-seen';

/** A report older than this, on a socket still open, no longer says the screen is live. */
export const REPORT_STALE_MS = 60_000;

export interface PresenceInput {
  /** At least one socket of this display is connected now. */
  readonly connected: boolean;
  /** When its first socket of the current connection connected (server clock). */
  readonly connectedSince: number | null;
  /** When its last socket went, in this process; null: not since the process started. */
  readonly disconnectedAt: number | null;
  /** The latest accepted report: live or not since `since`, received at `receivedAt` (server clock). */
  readonly report: { readonly live: boolean; readonly since: number; readonly receivedAt: number } | null;
  /** Last time its token was used (stored; survives restarts). */
  readonly lastSeenAt: number | null;
  /** When this process started: a display not back yet after a restart is offline from then, not before. */
  readonly startedAt: number;
  readonly now: number;
}

export interface DisplayStatus {
  readonly state: DisplayState;
  /** Since when (server clock); null for never-seen. */
  readonly since: number | null;
}

export function displayStatus(i: PresenceInput): DisplayStatus {
  if (!i.connected) {
    if (i.disconnectedAt === null && i.lastSeenAt === null) return { state: 'never-seen', since: null };
    return { state: 'offline', since: i.disconnectedAt ?? Math.max(i.startedAt, i.lastSeenAt ?? 0) };
  }
  const connectedSince = i.connectedSince ?? i.now;
  const r = i.report;
  // Connected but silent: a screen whose page does not report (or stopped) is not known to be live.
  if (r === null || r.receivedAt < connectedSince) return { state: 'not-live', since: connectedSince };
  if (i.now - r.receivedAt > REPORT_STALE_MS) return { state: 'not-live', since: r.receivedAt };
  return { state: r.live ? 'live' : 'not-live', since: Math.max(r.since, connectedSince) };
}

/** One display's outage as stored (server/storage/displayHealth.ts). */
export interface Outage {
  readonly downSince: number | null;
  readonly notifiedAt: number | null;
}

export const NO_OUTAGE: Outage = { downSince: null, notifiedAt: null };

/**
 * The outage's next step: a display offline or not live (in any mix) for `alertAfterMs` is told once
 * ('offline'); once live again after being told, 'back'. A down spell shorter than the threshold
 * tells nobody. Whatever `now` does, each outage is told at most once.
 */
export function outageStep(
  prev: Outage,
  status: DisplayStatus,
  now: number,
  alertAfterMs: number,
): { next: Outage; notify: 'offline' | 'back' | null } {
  // Never seen: nothing to say either way, and an outage already told stays told.
  if (status.state === 'never-seen') return { next: prev, notify: null };
  if (status.state === 'live') return { next: NO_OUTAGE, notify: prev.notifiedAt !== null ? 'back' : null };
  const downSince = prev.downSince ?? status.since ?? now;
  if (prev.notifiedAt === null && now - downSince >= alertAfterMs)
    return { next: { downSince, notifiedAt: now }, notify: 'offline' };
  return { next: { downSince, notifiedAt: prev.notifiedAt }, notify: null };
}
