import type { SourceGapBackfilled, SourceGapRecorded } from '../../lib/domain/events';

/**
 * Where the demo's simulated day begins (docs/decisions.md, "The demo opens on a day already under
 * way"). The demo plays its call centers from that moment to now in fast-forward, then live.
 *
 * - A first start plays the day from its start, so the board opens on a day already under way.
 * - A restart on the same data picks up where the previous run's last event left off: the stopped
 *   span is played too, by a simulated PBX that restarted then (fresh calls, fresh ids), and nothing
 *   is played twice.
 * - Shortly after the day's start, or with DEMO_DAY=empty, it starts live and empty.
 */

/** Less than this to play: start live instead (a near-empty fast-forward shows nothing anyway). */
export const FAST_FORWARD_MIN_MS = 15 * 60_000;

/** `yesterday`: as `today`, from the start of the day before (the caller passes that as dayStart). */
export type DemoDayMode = 'today' | 'empty' | 'yesterday';

export interface DemoDayPlan {
  /** The simulated call centers start here (whole second, ms). */
  readonly startAt: number;
  /** Played in fast-forward before going live: now − startAt (0 = live from the start). */
  readonly fastForwardMs: number;
}

export function planDemoDay(o: {
  readonly now: number;
  readonly mode: DemoDayMode;
  /** The board's day start (server time). */
  readonly dayStart: number;
  /** The latest event the journal holds from any demo source (server time), if any. */
  readonly lastDemoEventAt: number | null;
}): DemoDayPlan {
  const now = Math.floor(o.now / 1000) * 1000;
  // A second past the previous run's last event: its facts and this run's never share an instant.
  const after = o.lastDemoEventAt === null ? -Infinity : Math.floor(o.lastDemoEventAt / 1000) * 1000 + 1000;
  const from = Math.max(Math.ceil(o.dayStart / 1000) * 1000, after);
  if (o.mode === 'empty' || now - from < FAST_FORWARD_MIN_MS) return { startAt: now, fastForwardMs: 0 };
  return { startAt: from, fastForwardMs: now - from };
}

/**
 * A stop the demo played (a restart whose fast-forward began at or before the stop): the simulated
 * PBXs' own record of the span is on the board, so each of its "server stopped" gaps is filled, as a
 * PBX's CDRs fill a real one (docs/metrics.md, "Gaps").
 */
export function gapsPlayed(
  plan: DemoDayPlan,
  gaps: readonly SourceGapRecorded[],
  at: number,
): SourceGapBackfilled[] {
  if (plan.fastForwardMs === 0) return [];
  return gaps
    .filter((g) => g.reason === 'serverStopped' && plan.startAt <= g.from + 1000)
    .map((g) => ({
      type: 'sourceGapBackfilled',
      source: g.source,
      origin: g.origin,
      at,
      atArrival: true,
      from: g.from,
      outcome: 'filled',
      calls: 0,
      detail: 'played by the demo',
    }));
}

/**
 * The demo call center's day: the simulator's default curve (a mid-morning and an early-afternoon
 * peak) with nights at a quarter of the peak, as a service desk open round the clock: a demo is shown
 * at any hour and should have live calls then, while the day's totals still grow with the hour.
 */
export function demoDailyCurve(base: readonly number[]): number[] {
  return base.map((share) => Math.max(share, 0.25));
}
