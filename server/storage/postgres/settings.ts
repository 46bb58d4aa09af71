import type pg from 'pg';
import type { SecretStore, SettingsStore } from '../types';
import { jsonText } from './rows';

/** Plain settings as JSON text, one row per key (schema v3), as on SQLite. */
export function createPgSettingsStore(pool: pg.Pool): SettingsStore {
  return {
    async get(key) {
      const { rows } = await pool.query('SELECT value FROM settings WHERE key = $1', [key]);
      return rows[0] ? JSON.parse(rows[0].value) : undefined;
    },
    async put(key, value, at) {
      await pool.query(
        `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, jsonText(`setting "${key}": value`, value), at],
      );
    },
    async delete(key) {
      return ((await pool.query('DELETE FROM settings WHERE key = $1', [key])).rowCount ?? 0) > 0;
    },
  };
}

/** Secret ciphertexts; the table's CHECK refuses anything not shaped like a sealed secret. */
export function createPgSecretStore(pool: pg.Pool): SecretStore {
  const one = async (key: string): Promise<string | undefined> =>
    (await pool.query('SELECT ciphertext FROM secrets WHERE key = $1', [key])).rows[0]?.ciphertext;
  return {
    getCiphertext: one,
    async putCiphertext(key, ciphertext, at) {
      await pool.query(
        `INSERT INTO secrets (key, ciphertext, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
        [key, ciphertext, at],
      );
    },
    async delete(key) {
      return ((await pool.query('DELETE FROM secrets WHERE key = $1', [key])).rowCount ?? 0) > 0;
    },
    has: async (key) => (await one(key)) !== undefined,
  };
}
