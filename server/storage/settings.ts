import type Database from 'better-sqlite3';
import type { SecretStore, SettingsStore } from './types';

/** Plain settings as JSON, one row per key. */
export function createSettingsStore(db: Database.Database): SettingsStore {
  const one = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    async get(key) {
      const text = one.get(key) as string | undefined;
      return text === undefined ? undefined : JSON.parse(text);
    },
    async put(key, value, at) {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError(`setting "${key}": value is not JSON`);
      upsert.run(key, text, at);
    },
    delete: async (key) => remove.run(key).changes > 0,
  };
}

/**
 * Secret ciphertexts. Storage never sees a plaintext: server/secrets encrypts before `putCiphertext`,
 * and the table's CHECK refuses anything not shaped like a secret-box string.
 */
export function createSecretStore(db: Database.Database): SecretStore {
  const one = db.prepare('SELECT ciphertext FROM secrets WHERE key = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO secrets (key, ciphertext, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM secrets WHERE key = ?');
  return {
    getCiphertext: async (key) => one.get(key) as string | undefined,
    async putCiphertext(key, ciphertext, at) {
      upsert.run(key, ciphertext, at);
    },
    delete: async (key) => remove.run(key).changes > 0,
    has: async (key) => one.get(key) !== undefined,
  };
}
