import type pg from 'pg';
import type { DomainEvent } from '../../../lib/domain/events';
import type { AsyncJournalDays } from '../journalDays';
import { numOrNull } from './rows';

const PAGE = 2000;

/**
 * The shared journal read by arrival window (../journalDays.ts's reads, async), for closing past
 * days from it. As SQLite's: the id range from the received_at index, then a walk by id with the
 * window checked per row, one short query per page (no cursor held open between pages).
 */
export function createPgJournalDays(pool: pg.Pool): AsyncJournalDays {
  return {
    async *pages(from, to) {
      const { rows } = await pool.query<{ lo: string | null; hi: string | null }>(
        'SELECT min(id) AS lo, max(id) AS hi FROM journal WHERE received_at >= $1 AND received_at < $2',
        [from, to],
      );
      const lo = numOrNull(rows[0]?.lo);
      const hi = numOrNull(rows[0]?.hi);
      if (lo === null || hi === null) return;
      let next = lo;
      for (;;) {
        const page = await pool.query<{ id: string; events: DomainEvent[] }>(
          `SELECT id, events FROM journal WHERE id >= $1 AND id <= $2 AND received_at >= $3 AND received_at < $4
            ORDER BY id LIMIT $5`,
          [next, hi, from, to, PAGE],
        );
        const batch: DomainEvent[] = [];
        for (const row of page.rows) for (const e of row.events) batch.push(e);
        if (batch.length > 0) yield batch;
        if (page.rows.length < PAGE) return;
        next = Number((page.rows[page.rows.length - 1] as { id: string }).id) + 1;
      }
    },
    async firstArrivalAt() {
      const { rows } = await pool.query<{ first: string | null }>(
        'SELECT min(received_at) AS first FROM journal',
      );
      return numOrNull(rows[0]?.first);
    },
  };
}
