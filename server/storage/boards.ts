import type Database from 'better-sqlite3';
import type { BoardStore } from './types';

/**
 * Board definitions as JSON. Storage does not validate them (lib/board/model.ts does, on the way in
 * and out): a board saved by a newer Callboard stays stored even if this one cannot read it.
 */
export function createBoardStore(db: Database.Database): BoardStore {
  const all = db.prepare('SELECT id, config FROM boards ORDER BY id').raw();
  const one = db.prepare('SELECT config FROM boards WHERE id = ?').pluck();
  // BoardStore.put takes no time, so `updated_at` (for an admin looking at the file, read by no code)
  // comes from SQLite's clock rather than a Date.now() here.
  const upsert = db.prepare(
    `INSERT INTO boards (id, config, updated_at) VALUES (?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))
     ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
  );
  // Create never replaces: the insert itself refuses a taken id (no check-then-put race).
  const insertNew = db.prepare(
    `INSERT INTO boards (id, config, updated_at) VALUES (?, ?, CAST(unixepoch('subsec') * 1000 AS INTEGER))
     ON CONFLICT (id) DO NOTHING`,
  );
  const remove = db.prepare('DELETE FROM boards WHERE id = ?');
  const text = (id: string, config: unknown): string => {
    const json = JSON.stringify(config);
    if (json === undefined) throw new TypeError(`board "${id}": config is not JSON`);
    return json;
  };

  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    async list() {
      return (all.all() as [string, string][]).map(([id, config]) => ({ id, config: JSON.parse(config) }));
    },
    async get(id) {
      const config = one.get(id) as string | undefined;
      return config === undefined ? undefined : { id, config: JSON.parse(config) };
    },
    async put(id, config) {
      upsert.run(id, text(id, config));
    },
    async insert(id, config) {
      return insertNew.run(id, text(id, config)).changes > 0;
    },
    async delete(id) {
      return remove.run(id).changes > 0;
    },
  };
}
