import type Database from 'better-sqlite3';
import type { DomainEvent } from '../../lib/domain/events';

/** The journal read by arrival window, for closing past days (server/history/replayDay.ts). */
export interface JournalDays {
  /**
   * Entries received in [from, to), page by page, as event batches in arrival order; with `afterId`,
   * only the rows after that one (a checkpoint's position: the rows its state does not hold yet).
   */
  pages(from: number, to: number, afterId?: number): Iterable<DomainEvent[]>;
  /** The first arrival in the journal (ms), null when empty. */
  firstArrivalAt(): number | null;
}

/**
 * The same reads where they cannot be synchronous: the shared journal on PostgreSQL
 * (postgres/journalDays.ts), read by the cluster's day close (server/history/sharedClose.ts).
 */
export interface AsyncJournalDays {
  pages(from: number, to: number): AsyncIterable<DomainEvent[]>;
  firstArrivalAt(): Promise<number | null>;
}

/** The SQLite file's reads behind promises (the call list reads either journal through this). */
export function asyncJournalDaysOf(j: JournalDays): AsyncJournalDays {
  return {
    async *pages(from, to) {
      yield* j.pages(from, to);
    },
    firstArrivalAt: async () => j.firstArrivalAt(),
  };
}

const PAGE = 100;

export function createJournalDays(db: Database.Database): JournalDays {
  // The id range from the received_at index, then a walk by id (as createJournalReader does); a
  // late-stamped row among later ids is still caught by the per-row check.
  const bounds = db
    .prepare(
      'SELECT min(id), max(id) FROM journal INDEXED BY journal_received_at WHERE received_at >= ? AND received_at < ?',
    )
    .raw();
  const page = db
    .prepare(
      'SELECT id, events FROM journal WHERE id >= ? AND id <= ? AND +received_at >= ? AND +received_at < ? ORDER BY id LIMIT ?',
    )
    .raw();
  const first = db.prepare('SELECT min(received_at) FROM journal').pluck();
  return {
    *pages(from, to, afterId = 0) {
      const [lo, hi] = bounds.get(from, to) as [number | null, number | null];
      if (lo === null || hi === null) return;
      let next = Math.max(lo, afterId + 1);
      for (;;) {
        const rows = page.all(next, hi, from, to, PAGE) as [number, string][];
        const batch: DomainEvent[] = [];
        for (const [, events] of rows) for (const e of JSON.parse(events) as DomainEvent[]) batch.push(e);
        if (batch.length > 0) yield batch;
        if (rows.length < PAGE) return;
        next = (rows[rows.length - 1] as [number, string])[0] + 1;
      }
    },
    firstArrivalAt: () => (first.get() as number | null) ?? null,
  };
}
