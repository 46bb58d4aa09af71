import type { SourceStatus } from '../protocol';
import { affectedQueues } from './stale';

/**
 * "Freshness on the glass" (issue #14 item 8). Each source says when it last proved it is alive (an
 * event, a pong, a snapshot or a check: `lastProofOfLifeAt`, server clock). A figure fed by a source
 * whose proof is older than FRESH_FOR_MS is shown with its age, so the kiosk never shows an old figure
 * as if it were current. Pure; the server's `now` comes in.
 *
 * Which queues a source feeds: the same scope rule as liveness (`affectedQueues`, stale.ts), asked
 * one old source at a time.
 */
export const FRESH_FOR_MS = 2 * 60_000;

type Proof = Pick<SourceStatus, 'id' | 'status' | 'lastProofOfLifeAt'>;

/** Ms since the source's last proof of life, or null when unknown (never said, or an old server). */
export function proofAgeMs(s: Pick<SourceStatus, 'lastProofOfLifeAt'>, serverNow: number): number | null {
  const at = s.lastProofOfLifeAt;
  return at === undefined || at === null ? null : Math.max(0, serverNow - at);
}

/** The sources whose proof of life is older than FRESH_FOR_MS, with that age (ms). */
export function oldSources(sources: readonly Proof[], serverNow: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sources) {
    const age = proofAgeMs(s, serverNow);
    if (age !== null && age > FRESH_FOR_MS) out.set(s.id, age);
  }
  return out;
}

/**
 * Per queue fed by an old source: the age (ms) of its oldest feeding source's proof of life. A queue
 * not in the map is fresh (or its sources never said: then the source health shows the problem).
 */
export function queueProofAges(
  queueIds: readonly string[],
  sources: readonly Proof[],
  serverNow: number,
): Map<string, number> {
  const old = oldSources(sources, serverNow);
  const out = new Map<string, number>();
  if (old.size === 0) return out;
  for (const [id, age] of old) {
    // Only this source "down", the others as they are not: affectedQueues then names what it feeds.
    const marked = sources.map((s) => ({
      id: s.id,
      status: s.id === id ? ('disconnected' as const) : ('connected' as const),
    }));
    for (const q of affectedQueues(queueIds, marked)) out.set(q, Math.max(out.get(q) ?? 0, age));
  }
  return out;
}

/** The oldest age among some queues (a tile summing several), or null when all are fresh. */
export function oldestOf(ages: ReadonlyMap<string, number>, queueIds: Iterable<string>): number | null {
  let oldest: number | null = null;
  for (const q of queueIds) {
    const age = ages.get(q);
    if (age !== undefined && (oldest === null || age > oldest)) oldest = age;
  }
  return oldest;
}

/** "2 min old", "1 h old": the small print under an old figure. */
export function ageLabel(ageMs: number): string {
  const minutes = Math.floor(ageMs / 60_000);
  if (minutes < 60) return `${minutes} min old`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h old` : `${Math.floor(hours / 24)} d old`;
}
