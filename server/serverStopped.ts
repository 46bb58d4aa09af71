import type { Logger } from 'pino';
import type { DomainEvent, SourceGapRecorded } from '../lib/domain/events';
import type { SourceStatus } from '../lib/protocol';
import { type DemoDayPlan, gapsPlayed } from './demo/plan';
import type { SettingsStore } from './storage/types';

/**
 * "Server stopped" gaps (docs/metrics.md, "Gaps"). While this process was not running no source's
 * facts arrived: the gap runs from the journal's last arrival, or the clean stop's mark when that is
 * later (a quiet server stopped cleanly at 18:00 missed nothing before), to this process's start. It
 * is said for every source configured now, on the server's clock, and journaled like any fact.
 */
export const CLEAN_STOP_KEY = 'server.cleanStopAt';

/** Where the stop began, read at start-up before this process journals anything. */
export async function stoppedSince(storage: {
  lastArrivalAt(): number | null;
  settings: Pick<SettingsStore, 'get'>;
}): Promise<number | null> {
  const lastArrival = storage.lastArrivalAt();
  const mark = await storage.settings.get(CLEAN_STOP_KEY);
  const cleanStop = typeof mark === 'number' && Number.isFinite(mark) ? mark : null;
  if (lastArrival === null) return cleanStop;
  return cleanStop === null ? lastArrival : Math.max(lastArrival, cleanStop);
}

/**
 * A clean stop leaves its time, so the next start knows the stop did not begin at the last arrival.
 * A database that refuses the write (full disk) only loses that precision: the stop goes on.
 */
export async function markCleanStop(
  settings: Pick<SettingsStore, 'put'>,
  at: number,
  logger: Logger,
): Promise<void> {
  try {
    await settings.put(CLEAN_STOP_KEY, at, at);
  } catch (err) {
    logger.warn({ err }, 'clean stop not marked: the next start dates the stop from the last arrival');
  }
}

/** One gap per configured source, from `since` to `startedAt` (none when nothing was ever journaled). */
export function serverStoppedGaps(
  since: number | null,
  startedAt: number,
  sources: readonly Pick<SourceStatus, 'id' | 'kind'>[],
  at: number,
): SourceGapRecorded[] {
  if (since === null || since >= startedAt) return [];
  return sources.map((s) => ({
    type: 'sourceGapRecorded',
    source: s.id,
    origin: s.kind,
    at,
    atArrival: true,
    from: since,
    to: startedAt,
    reason: 'serverStopped',
  }));
}

/**
 * Says the stop at start-up: one gap per configured source, journaled; a stop the demo then played
 * from its simulated PBXs is said filled at once (server/demo/plan.ts).
 */
export function sayServerStopped(o: {
  readonly since: number | null;
  readonly startedAt: number;
  readonly sources: readonly Pick<SourceStatus, 'id' | 'kind'>[];
  readonly demoPlan?: DemoDayPlan | undefined;
  readonly now: number;
  readonly ingest: (events: readonly DomainEvent[]) => void;
}): void {
  const gaps = serverStoppedGaps(o.since, o.startedAt, o.sources, o.now);
  if (gaps.length > 0) o.ingest(gaps);
  const played = o.demoPlan ? gapsPlayed(o.demoPlan, gaps, o.now) : [];
  if (played.length > 0) o.ingest(played);
}
