import type pg from 'pg';
import { type PruneCounts, pruneCutoffs } from '../retention';
import type { RetentionPolicy } from '../types';

/**
 * Retention on PostgreSQL: the policy of SQLite's (../retention.ts, `pruneCutoffs`: same cutoffs,
 * same rows), deleted in bounded batches. Each batch is one statement in a transaction of its own
 * (autocommit): it holds row locks on the rows it deletes only (ROW EXCLUSIVE on the table, which
 * inserts and reads do not wait for), and it holds the journal tails' horizon back (tail.ts: the
 * oldest transaction still running) only for the milliseconds it runs, never for the whole prune.
 *
 * The tail reads by (xid, id) after its position and from the start of its day: deleting rows cannot
 * make it miss a row (only rows older than the day it reads go, `keepFrom`) nor read one twice
 * (a deleted row's xid and id are never handed out again; the position only moves forward). See
 * docs/decisions.md.
 */
export interface PgPruneOptions {
  /** Journal rows received at or after this stay (the start of today: what every tail reads). */
  readonly keepFrom?: number;
  /** Checked before each batch: false stops the prune (the housekeeping lease was lost). */
  readonly carryOn?: () => boolean;
}

export type PgPrune = (now: number, policy: RetentionPolicy, o?: PgPruneOptions) => Promise<PruneCounts>;

/** Rows per DELETE: tens of milliseconds of work, so no batch holds a lock or the horizon for long. */
export const PG_PRUNE_BATCH = 2000;

/** Each statement deletes at most $2 rows older than $1, found through the table's time index. */
const DELETES: Readonly<Record<keyof PruneCounts, string>> = {
  rawPayloads:
    'DELETE FROM raw_payloads WHERE journal_id IN (SELECT journal_id FROM raw_payloads WHERE received_at < $1 LIMIT $2)',
  // raw_payloads rows of these entries go with them (ON DELETE CASCADE).
  journal: 'DELETE FROM journal WHERE id IN (SELECT id FROM journal WHERE received_at < $1 LIMIT $2)',
  dedupeKeys:
    'DELETE FROM dedupe_keys WHERE key IN (SELECT key FROM dedupe_keys WHERE seen_at < $1 LIMIT $2)',
  // The totals' delete trigger (schema v3) keeps each source's count and bytes right.
  deadLetters:
    'DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE received_at < $1 LIMIT $2)',
  quarterFigures: `DELETE FROM quarter_figures WHERE (day, queue, bucket_start) IN
    (SELECT day, queue, bucket_start FROM quarter_figures WHERE bucket_start < $1 LIMIT $2)`,
  // Finished rows only: a pending one has no done_at.
  outbox:
    'DELETE FROM notification_outbox WHERE seq IN (SELECT seq FROM notification_outbox WHERE done_at < $1 LIMIT $2)',
  outboxOutcomes: `DELETE FROM notification_deliveries WHERE (id, kind, channel_id) IN
    (SELECT d.id, d.kind, d.channel_id FROM notification_deliveries d WHERE d.at < $1 AND NOT EXISTS
       (SELECT 1 FROM notification_outbox o WHERE o.id = d.id AND o.kind = d.kind AND o.done_at IS NULL)
     LIMIT $2)`,
};

/** Tables in the order they are pruned: raw payloads before the journal rows they belong to. */
const ORDER: readonly (keyof PruneCounts)[] = [
  'rawPayloads',
  'journal',
  'dedupeKeys',
  'deadLetters',
  'quarterFigures',
  'outbox',
  'outboxOutcomes',
];

export function createPgRetention(pool: pg.Pool, batch = PG_PRUNE_BATCH): PgPrune {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError('batch must be a positive integer');
  return async function prune(now, policy, o = {}) {
    const cut = pruneCutoffs(now, policy, o.keepFrom);
    const carryOn = o.carryOn ?? (() => true);
    const counts: PruneCounts = {
      rawPayloads: 0,
      journal: 0,
      dedupeKeys: 0,
      deadLetters: 0,
      quarterFigures: 0,
      outbox: 0,
      outboxOutcomes: 0,
    };
    for (const table of ORDER) {
      for (;;) {
        if (!carryOn()) return counts;
        const n = (await pool.query(DELETES[table], [cut[table], batch])).rowCount ?? 0;
        counts[table] += n;
        if (n < batch) break;
      }
    }
    return counts;
  };
}
