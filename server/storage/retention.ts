import type Database from 'better-sqlite3';
import type { RetentionPolicy } from './types';

export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({
  journalDays: 8,
  rawDays: 3,
  dedupeHours: 72,
  deadLetterDays: 30,
});

/**
 * PBXs and webhook relays retry for up to about three days; a dedupe key forgotten sooner would let
 * a late retry be counted twice.
 */
export const MIN_DEDUPE_HOURS = 72;

/**
 * Rows per DELETE. Each statement is its own short transaction: the WAL stays small, and the write
 * lock is free between statements. (prune is synchronous, so the event loop still waits for the
 * whole prune; at the hourly cadence that is one hour's worth of rows — see the benchmark.)
 */
const BATCH = 10_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type PruneCounts = {
  journal: number;
  rawPayloads: number;
  dedupeKeys: number;
  deadLetters: number;
  quarterFigures: number;
  /** Notifications delivered or given up (server/alerts/outbox), finished before the cutoff. */
  outbox: number;
  /** Their per-channel outcomes, recorded before it (a pending notification's stay). */
  outboxOutcomes: number;
};

/** Rows received (seen, stamped) before these are deleted: the one policy of both backends. */
export type PruneCutoffs = { readonly [K in keyof PruneCounts]: number };

/**
 * The cutoffs of `policy` as of `now`. `keepFrom`: journal rows received at or after it stay
 * whatever the policy (the start of the hub's day: what a rebuild of today and the shared journal's
 * tails read, even on a 25-hour day with one day of retention).
 */
export function pruneCutoffs(now: number, policy: RetentionPolicy, keepFrom = Infinity): PruneCutoffs {
  if (!Number.isFinite(now)) throw new RangeError('prune needs a finite now');
  if (Number.isNaN(keepFrom)) throw new RangeError('prune: keepFrom is not a number');
  validateRetention(policy);
  return {
    rawPayloads: now - policy.rawDays * DAY,
    journal: Math.min(now - policy.journalDays * DAY, keepFrom),
    dedupeKeys: now - policy.dedupeHours * HOUR,
    deadLetters: now - policy.deadLetterDays * DAY,
    quarterFigures: now - policy.journalDays * DAY,
    // Kept as long as the journal: what was told, and to which channel, beside what happened.
    outbox: now - policy.journalDays * DAY,
    outboxOutcomes: now - policy.journalDays * DAY,
  };
}

export function validateRetention(policy: RetentionPolicy): void {
  for (const [name, value] of Object.entries(policy)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`retention ${name} must be a positive number (got ${String(value)})`);
    }
  }
  if (policy.dedupeHours < MIN_DEDUPE_HOURS) {
    throw new RangeError(
      `retention dedupeHours must be at least ${MIN_DEDUPE_HOURS} (got ${policy.dedupeHours}): ` +
        'senders retry for days, and a forgotten key lets a retry be stored twice',
    );
  }
}

export function createRetention(db: Database.Database) {
  // Each deletes at most BATCH rows older than the cutoff, found through the table's time index.
  const deletes = {
    rawPayloads: db.prepare(
      'DELETE FROM raw_payloads WHERE journal_id IN (SELECT journal_id FROM raw_payloads WHERE received_at < ? LIMIT ?)',
    ),
    // raw_payloads rows of these entries go with them (ON DELETE CASCADE).
    journal: db.prepare(
      'DELETE FROM journal WHERE id IN (SELECT id FROM journal WHERE received_at < ? LIMIT ?)',
    ),
    dedupeKeys: db.prepare(
      'DELETE FROM dedupe_keys WHERE key IN (SELECT key FROM dedupe_keys WHERE seen_at < ? LIMIT ?)',
    ),
    deadLetters: db.prepare(
      'DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE received_at < ? LIMIT ?)',
    ),
    quarterFigures: db.prepare(
      `DELETE FROM quarter_figures WHERE (day, queue, bucket_start) IN
         (SELECT day, queue, bucket_start FROM quarter_figures WHERE bucket_start < ? LIMIT ?)`,
    ),
    // Finished rows only: a pending one has no done_at.
    outbox: db.prepare(
      'DELETE FROM notification_outbox WHERE seq IN (SELECT seq FROM notification_outbox WHERE done_at < ? LIMIT ?)',
    ),
    outboxOutcomes: db.prepare(
      `DELETE FROM notification_deliveries WHERE (id, kind, channel_id) IN
         (SELECT d.id, d.kind, d.channel_id FROM notification_deliveries d WHERE d.at < ? AND NOT EXISTS
            (SELECT 1 FROM notification_outbox o WHERE o.id = d.id AND o.kind = d.kind AND o.done_at IS NULL)
          LIMIT ?)`,
    ),
  };

  function deleteOlder(stmt: Database.Statement, cutoff: number): number {
    let total = 0;
    for (;;) {
      const n = stmt.run(cutoff, BATCH).changes;
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** Delete everything older than the policy keeps, as of `now` (see pruneCutoffs). Rows deleted per table. */
  return function prune(now: number, policy: RetentionPolicy, keepFrom?: number): PruneCounts {
    const cut = pruneCutoffs(now, policy, keepFrom);
    const counts: PruneCounts = {
      rawPayloads: deleteOlder(deletes.rawPayloads, cut.rawPayloads),
      journal: deleteOlder(deletes.journal, cut.journal),
      dedupeKeys: deleteOlder(deletes.dedupeKeys, cut.dedupeKeys),
      deadLetters: deleteOlder(deletes.deadLetters, cut.deadLetters),
      quarterFigures: deleteOlder(deletes.quarterFigures, cut.quarterFigures),
      outbox: deleteOlder(deletes.outbox, cut.outbox),
      outboxOutcomes: deleteOlder(deletes.outboxOutcomes, cut.outboxOutcomes),
    };
    // A big delete grows the WAL; give the space back to the file system now rather than keeping a
    // large -wal file until the next restart. The freed pages inside the database are reused.
    if (Object.values(counts).some((n) => n > 0)) db.pragma('wal_checkpoint(TRUNCATE)');
    return counts;
  };
}
