import type pg from 'pg';
import type { DisplayHealthStore } from '../displayHealth';
import { num, numOrNull } from './rows';

/** Each display's outage on PostgreSQL (schema v5). */
export function createPgDisplayHealthStore(pool: pg.Pool): DisplayHealthStore {
  return {
    async all() {
      const { rows } = await pool.query(
        'SELECT display_id, down_since, notified_at FROM display_health ORDER BY display_id',
      );
      return rows.map((r) => ({
        displayId: num(r.display_id),
        downSince: numOrNull(r.down_since),
        notifiedAt: numOrNull(r.notified_at),
      }));
    },
    async put(o) {
      await pool.query(
        `INSERT INTO display_health (display_id, down_since, notified_at) VALUES ($1, $2, $3)
         ON CONFLICT (display_id) DO UPDATE SET down_since = excluded.down_since, notified_at = excluded.notified_at`,
        [o.displayId, o.downSince, o.notifiedAt],
      );
    },
  };
}
