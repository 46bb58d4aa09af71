import type pg from 'pg';
import type { FloorSeverity } from '../../../lib/protocol';
import type { FloorMessageStore, NewStoredFloorMessage, StoredFloorMessage } from '../floorMessages';
import { inTransaction, num, numOrNull } from './rows';

const messageOf = (r: Record<string, unknown>): StoredFloorMessage => ({
  id: num(r.id),
  text: r.text as string,
  severity: r.severity as FloorSeverity,
  boardIds: JSON.parse(r.board_ids as string) as string[],
  postedAt: num(r.posted_at),
  postedBy: r.posted_by as string,
  expiresAt: numOrNull(r.expires_at),
  removedAt: numOrNull(r.removed_at),
  removedBy: (r.removed_by as string | null) ?? null,
});

const INSERT = `INSERT INTO floor_messages (text, severity, board_ids, posted_at, posted_by, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`;
const valuesOf = (m: NewStoredFloorMessage) => [
  m.text,
  m.severity,
  JSON.stringify(m.boardIds),
  m.postedAt,
  m.postedBy,
  m.expiresAt,
];

/** Floor messages and their audit on PostgreSQL (schema v5). */
export function createPgFloorMessageStore(pool: pg.Pool): FloorMessageStore {
  return {
    insert: async (m) => messageOf((await pool.query(INSERT, valuesOf(m))).rows[0]),
    // SHARE ROW EXCLUSIVE conflicts with itself and every write: a second capped post (any instance)
    // waits for this one's COMMIT, then counts its message. Reads (the boards' active lists) go on.
    insertWithin: (m, maxActive) =>
      inTransaction(pool, async (c) => {
        await c.query('LOCK TABLE floor_messages IN SHARE ROW EXCLUSIVE MODE');
        const { rows } = await c.query(
          `SELECT count(*) AS n FROM floor_messages
            WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > $1)`,
          [m.postedAt],
        );
        if (num(rows[0].n) >= maxActive) return undefined;
        return messageOf((await c.query(INSERT, valuesOf(m))).rows[0]);
      }),
    active: async (now) =>
      (
        await pool.query(
          `SELECT * FROM floor_messages WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > $1)
           ORDER BY id`,
          [now],
        )
      ).rows.map(messageOf),
    recent: async (limit) =>
      (await pool.query('SELECT * FROM floor_messages ORDER BY id DESC LIMIT $1', [limit])).rows.map(
        messageOf,
      ),
    async remove(id, by, at) {
      const { rows } = await pool.query(
        `UPDATE floor_messages SET removed_at = coalesce(removed_at, $1), removed_by = coalesce(removed_by, $2)
         WHERE id = $3 RETURNING *`,
        [at, by, id],
      );
      return rows[0] ? messageOf(rows[0]) : undefined;
    },
  };
}
