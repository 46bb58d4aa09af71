import type Database from 'better-sqlite3';
import type { Display, DisplayStore } from './types';

interface Row {
  id: number;
  name: string;
  board_id: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = 'id, name, board_id, created_at, last_seen_at, revoked_at';

const displayOf = (r: Row): Display => ({
  id: r.id,
  name: r.name,
  boardId: r.board_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
});

/** TVs and their board. The token hash goes in and is looked up, but is never read back out. */
export function createDisplayStore(db: Database.Database): DisplayStore {
  const insert = db.prepare(
    `INSERT INTO displays (name, board_id, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING ${COLUMNS}`,
  );
  const all = db.prepare(`SELECT ${COLUMNS} FROM displays ORDER BY id`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM displays WHERE id = ?`);
  const byHash = db.prepare(`SELECT ${COLUMNS} FROM displays WHERE token_hash = ?`);
  const touch = db.prepare('UPDATE displays SET last_seen_at = ? WHERE id = ?');
  const revoke = db.prepare(
    `UPDATE displays SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING ${COLUMNS}`,
  );

  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    insert: async (d) => displayOf(insert.get(d.name, d.boardId, d.tokenHash, d.createdAt) as Row),
    list: async () => (all.all() as Row[]).map(displayOf),
    async get(id) {
      const row = byId.get(id) as Row | undefined;
      return row && displayOf(row);
    },
    async byTokenHash(tokenHash) {
      const row = byHash.get(tokenHash) as Row | undefined;
      return row && displayOf(row);
    },
    async touch(id, at) {
      touch.run(at, id);
    },
    async revoke(id, at) {
      const row = revoke.get(at, id) as Row | undefined;
      return row && displayOf(row);
    },
  };
}
