import type pg from 'pg';
import { fenceHolds, StaleEpochError } from '../../cluster/fence';
import type { DisplayHealthStore } from '../displayHealth';
import { num, numOrNull } from './rows';

const UPSERT = `INSERT INTO display_health (display_id, down_since, notified_at) VALUES ($1, $2, $3)
  ON CONFLICT (display_id) DO UPDATE SET down_since = excluded.down_since, notified_at = excluded.notified_at`;

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
    async put(o, fence) {
      const args = [o.displayId, o.downSince, o.notifiedAt];
      if (!fence) {
        await pool.query(UPSERT, args);
        return;
      }
      // Checked and written in one transaction: the lease row stays locked (FOR SHARE) until COMMIT,
      // so a takeover comes after this write or refuses it, never between (server/cluster/fence.ts).
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (!(await fenceHolds(client, fence))) throw new StaleEpochError(fence);
        await client.query(UPSERT, args);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
