import type Database from 'better-sqlite3';

/**
 * PBX connections as the settings page saves them: the settings as JSON (validated by
 * lib/settings/pbx.ts on the way in and out) and the password sealed by the secret box, so the
 * database file, a backup or `sqlite3 .dump` never holds it in clear.
 */
export interface SecretSeal {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export interface StoredPbxConnection {
  readonly id: string;
  readonly config: unknown;
  readonly passwordSet: boolean;
  readonly updatedAt: number;
}

export interface PbxConnectionStore {
  list(): StoredPbxConnection[];
  get(id: string): StoredPbxConnection | undefined;
  /** The password in clear, for the connector only. */
  password(id: string): string | undefined;
  /** `password` undefined keeps the stored one. */
  put(id: string, config: unknown, password: string | undefined, at: number): void;
  delete(id: string): boolean;
}

type Row = [id: string, config: string, sealed: string | null, updatedAt: number];

export function createPbxConnectionStore(db: Database.Database, box: SecretSeal): PbxConnectionStore {
  const all = db.prepare('SELECT id, config, password, updated_at FROM pbx_connections ORDER BY id').raw();
  const one = db.prepare('SELECT id, config, password, updated_at FROM pbx_connections WHERE id = ?').raw();
  const upsert = db.prepare(
    `INSERT INTO pbx_connections (id, config, password, updated_at) VALUES (@id, @config, @password, @at)
     ON CONFLICT (id) DO UPDATE SET config = excluded.config,
       password = COALESCE(excluded.password, pbx_connections.password), updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM pbx_connections WHERE id = ?');
  const view = ([id, config, sealed, updatedAt]: Row): StoredPbxConnection => ({
    id,
    config: JSON.parse(config),
    passwordSet: sealed !== null,
    updatedAt,
  });

  return {
    list: () => (all.all() as Row[]).map(view),
    get(id) {
      const row = one.get(id) as Row | undefined;
      return row ? view(row) : undefined;
    },
    password(id) {
      const row = one.get(id) as Row | undefined;
      return row?.[2] ? box.open(row[2]) : undefined;
    },
    put(id, config, password, at) {
      upsert.run({
        id,
        config: JSON.stringify(config),
        password: password === undefined ? null : box.seal(password),
        at,
      });
    },
    delete: (id) => remove.run(id).changes > 0,
  };
}
