import { COUNTS_PER_SLOT } from './reduce/agreement';
import type { DomainState } from './state';
import { BUCKET_MS } from './time';

/**
 * Cross-source agreement, read (docs/metrics.md "Drift — agreement"): for each source that shares a
 * scope with another, how many of today's closed quarter-hours both accounted for alike, per queue.
 * Pure; `now` is the server's clock.
 */

/**
 * How long after a quarter-hour closed the later of two sources may still report what happened in it
 * (a webhook retried with backoff, a WSI frame queued behind a reconnect): only then is it compared.
 */
export const AGREEMENT_LATENESS_MS = 2 * 60_000;

/** One source's account of one queue's quarter-hour. */
export interface AgreementCounts {
  /** Stays that entered the queue in the quarter-hour. */
  readonly offered: number;
  /** Stays answered in the quarter-hour. */
  readonly answered: number;
  /** Stays that ended unanswered in it: abandoned, overflowed or sent to a callback (a CDR cannot tell a callback from an abandon). */
  readonly unanswered: number;
}

export interface SourceAgreement {
  /** The source it is compared with (another source feeding the same PBX tenant). */
  readonly comparedWith: string;
  /** Closed quarter-hours of today compared (those both sources fed in full). */
  readonly bucketsCompared: number;
  /** Of those, the ones in which some queue's counts differ. */
  readonly bucketsDisagreeing: number;
  /** The latest disagreement: the queue (key), the quarter-hour's start (server clock, ms) and both accounts. */
  readonly last?: {
    readonly queue: string;
    readonly bucketStart: number;
    readonly ours: AgreementCounts;
    readonly theirs: AgreementCounts;
  };
}

/**
 * Each paired source's agreement with its partner: the other tracked source sharing a scope with it,
 * the first by id when there are several. A source with no partner has no entry (unknown, not "0 of 0").
 */
export function sourceAgreements(state: DomainState, now: number): Readonly<Record<string, SourceAgreement>> {
  const a = state.agreement;
  const out: Record<string, SourceAgreement> = {};
  if (!a) return out;
  const tracked = Object.keys(a.slots).sort();
  for (const source of tracked) {
    const partner = tracked.find(
      (other) => other !== source && sharedScopes(state, source, other).length > 0,
    );
    if (partner === undefined) continue;
    out[source] = compare(state, now, source, partner);
  }
  return out;
}

function sharedScopes(state: DomainState, x: string, y: string): string[] {
  const a = state.agreement;
  const theirs = state.sourceScopes?.[y] ?? [];
  return (state.sourceScopes?.[x] ?? []).filter((s) => a?.scopes[s] && theirs.includes(s));
}

/** The last quarter-hour index closed for both sources, with the lateness allowance, on the server's clock. */
function lastClosedBucket(state: DomainState, now: number, x: string, y: string): number {
  // A bucket is cut by PBX times: on the server's timeline it ends the PBX's offset later.
  const offset = Math.max(0, state.clocks[x] ?? 0, state.clocks[y] ?? 0);
  const closed = Math.floor((now - AGREEMENT_LATENESS_MS - offset - state.day.start) / BUCKET_MS) - 1;
  return Math.min(closed, Math.ceil((state.day.end - state.day.start) / BUCKET_MS) - 1);
}

function compare(state: DomainState, now: number, ours: string, theirs: string): SourceAgreement {
  const a = state.agreement;
  if (!a) throw new Error('no agreement state');
  const first = Math.max(a.from[ours] ?? 0, a.from[theirs] ?? 0);
  const last = lastClosedBucket(state, now, ours, theirs);
  const scopes = sharedScopes(state, ours, theirs);
  const ourSlot = a.slots[ours] ?? 0;
  const theirSlot = a.slots[theirs] ?? 0;
  const disagreeing = new Set<number>();
  let latest: SourceAgreement['last'];
  let latestBucket = -1;
  for (const [key, row] of a.counts) {
    const cut = key.lastIndexOf('|');
    const bucket = Number(key.slice(cut + 1));
    if (bucket < first || bucket > last) continue;
    const queue = key.slice(0, cut);
    if (!scopes.includes(state.queues.get(queue)?.scope ?? '')) continue;
    // A queue one of the two has never fed (a link that follows some queues only) is not compared.
    const fedBy = a.fed[queue] ?? 0;
    if (!(fedBy & (1 << ourSlot)) || !(fedBy & (1 << theirSlot))) continue;
    const mine = countsOf(row, ourSlot);
    const other = countsOf(row, theirSlot);
    if (sameCounts(mine, other)) continue;
    disagreeing.add(bucket);
    // The latest quarter-hour; within it the first queue by key, so the reading is the same every time.
    if (bucket > latestBucket || (bucket === latestBucket && latest && queue < latest.queue)) {
      latestBucket = bucket;
      latest = { queue, bucketStart: state.day.start + bucket * BUCKET_MS, ours: mine, theirs: other };
    }
  }
  return {
    comparedWith: theirs,
    bucketsCompared: Math.max(0, last - first + 1),
    bucketsDisagreeing: disagreeing.size,
    ...(latest ? { last: latest } : {}),
  };
}

function countsOf(row: readonly number[], slot: number): AgreementCounts {
  const at = slot * COUNTS_PER_SLOT;
  return { offered: row[at] ?? 0, answered: row[at + 1] ?? 0, unanswered: row[at + 2] ?? 0 };
}

function sameCounts(x: AgreementCounts, y: AgreementCounts): boolean {
  return x.offered === y.offered && x.answered === y.answered && x.unanswered === y.unanswered;
}
