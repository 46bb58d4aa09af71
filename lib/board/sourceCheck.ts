import type { SourceStatus } from '../protocol';

/**
 * What a source's health says of its self-checks against the PBX (docs/metrics.md, "Drift"):
 * "checked 12 s ago · 0 differences today", the differences by kind in the tooltip. The age is the
 * server's `now` (synced) minus the server-time `lastCheckedAt`: one clock. null: the source is not
 * checked (a webhook source, or checks off).
 */
export interface CheckSummary {
  readonly text: string;
  /** The age alone ("12 s ago"), for a slot that keeps its width; null before the first check. */
  readonly age: string | null;
  /** "0 differences today". */
  readonly today: string;
  readonly title: string;
  /** Today's differences, all kinds: a board may mark a source that had some. */
  readonly differences: number;
}

export function checkSummary(
  s: Pick<SourceStatus, 'drift'>,
  serverNow: number,
  formatAge: (seconds: number | null) => string,
): CheckSummary | null {
  const check = s.drift?.check;
  if (!check) return null;
  const { waitingCaller, agentState } = check.differencesToday;
  const differences = waitingCaller + agentState;
  const age =
    check.lastCheckedAt === null
      ? null
      : formatAge(Math.max(0, Math.floor((serverNow - check.lastCheckedAt) / 1000)));
  const today = `${differences} ${differences === 1 ? 'difference' : 'differences'} today`;
  return {
    text: `${age === null ? 'not checked yet' : `checked ${age}`} · ${today}`,
    age,
    today,
    title: `self-check against the PBX today: ${waitingCaller} waiting ${waitingCaller === 1 ? 'caller' : 'callers'}, ${agentState} agent ${agentState === 1 ? 'state' : 'states'} differed (healed)`,
    differences,
  };
}
