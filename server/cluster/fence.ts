import type pg from 'pg';
import type { JournalEntry } from '../storage/types';

/**
 * What a link owner's writes carry: the link and the lease epoch it holds (server/cluster/lease.ts).
 * The database refuses a write whose epoch is no longer the lease's, or whose lease has expired by
 * the database's clock, so an owner that was partitioned away cannot journal after its successor
 * took over, however late its writes arrive.
 */
export interface Fence {
  readonly link: string;
  readonly epoch: number;
}

/** A write was refused: the writer's lease on the link is lost (expired, or someone took it over). */
export class StaleEpochError extends Error {
  constructor(fence: Fence) {
    super(`lease on link "${fence.link}" at epoch ${fence.epoch} is no longer held`);
    this.name = 'StaleEpochError';
  }
}

/**
 * Inside the writer's transaction: is the fence still the lease? FOR SHARE locks the lease row until
 * COMMIT, so a takeover (an UPDATE of that row) waits for this transaction: every write under the old
 * epoch commits before the new epoch exists, never after. clock_timestamp(), not now(): the moment of
 * the check, not the start of a transaction that may have waited.
 */
export async function fenceHolds(client: pg.ClientBase, fence: Fence): Promise<boolean> {
  const { rowCount } = await client.query(
    `SELECT 1 FROM link_leases
      WHERE link = $1 AND epoch = $2 AND expires_at > clock_timestamp()
      FOR SHARE`,
    [fence.link, fence.epoch],
  );
  return rowCount === 1;
}

/**
 * A journal entry as a link's owner writes it: with the fence of its lease. The PostgreSQL journal
 * checks it (PgJournalEntry); SQLite's, one instance's own file, has nothing to check and ignores it.
 */
export interface FencedEntry extends JournalEntry {
  readonly fence?: Fence;
}
