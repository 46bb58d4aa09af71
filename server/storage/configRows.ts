import type Database from 'better-sqlite3';

/**
 * Rows of settings as JSON, for the tables of things an admin adds by id (PBX connections, webhook
 * sources). Storage does not validate them (lib/settings does, on the way in and out); secrets are
 * never in them (server/secrets).
 */
export interface ConfigRow {
  readonly id: string;
  readonly config: unknown;
  readonly updatedAt: number;
}

export interface ConfigRows {
  /** Ordered by id (code points). */
  list(): Promise<ConfigRow[]>;
  get(id: string): Promise<ConfigRow | undefined>;
  /** Rejects with a TypeError (nothing written) when `config` is not JSON. */
  put(id: string, config: unknown, at: number): Promise<void>;
  /** Adds a row under a free id; false (and nothing written) when the id is taken. */
  insert(id: string, config: unknown, at: number): Promise<boolean>;
  /**
   * Adds a row under a free id while the table holds fewer than `max` rows: the count and the insert
   * are one step (two instances on one database cannot both take the last place).
   */
  insertWithin(id: string, config: unknown, at: number, max: number): Promise<CappedInsert>;
  delete(id: string): Promise<boolean>;
}

/** What a capped insert did: added the row, found the id taken, or found the table full. */
export type CappedInsert = 'inserted' | 'taken' | 'full';

export type ConfigTable = 'pbx_connections' | 'webhook_sources' | 'alert_channels';

export function createConfigRows(db: Database.Database, table: ConfigTable): ConfigRows {
  const all = db.prepare(`SELECT id, config, updated_at FROM ${table} ORDER BY id`).raw();
  const one = db.prepare(`SELECT id, config, updated_at FROM ${table} WHERE id = ?`).raw();
  const upsert = db.prepare(
    `INSERT INTO ${table} (id, config, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
  );
  // Create never replaces: the insert itself refuses a taken id (no check-then-put race).
  const insertNew = db.prepare(
    `INSERT INTO ${table} (id, config, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const rows = db.prepare(`SELECT count(*) FROM ${table}`).pluck();
  // IMMEDIATE: the write lock is taken before the count, so a second connection's capped insert
  // (another process on this file) waits and then counts this row.
  const insertWithin = db.transaction((id: string, json: string, at: number, max: number): CappedInsert => {
    if (one.get(id)) return 'taken';
    if ((rows.get() as number) >= max) return 'full';
    insertNew.run(id, json, at);
    return 'inserted';
  });
  const text = (id: string, config: unknown): string => {
    const json = JSON.stringify(config);
    if (json === undefined) throw new TypeError(`${table} "${id}": config is not JSON`);
    return json;
  };
  const row = ([id, config, updatedAt]: [string, string, number]): ConfigRow => ({
    id,
    config: JSON.parse(config),
    updatedAt,
  });
  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    list: async () => (all.all() as [string, string, number][]).map(row),
    async get(id) {
      const r = one.get(id) as [string, string, number] | undefined;
      return r ? row(r) : undefined;
    },
    async put(id, config, at) {
      upsert.run(id, text(id, config), at);
    },
    insert: async (id, config, at) => insertNew.run(id, text(id, config), at).changes > 0,
    insertWithin: async (id, config, at, max) => insertWithin.immediate(id, text(id, config), at, max),
    delete: async (id) => remove.run(id).changes > 0,
  };
}
