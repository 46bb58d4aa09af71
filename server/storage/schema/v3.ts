import type { Migration } from './migration';

export const v3: Migration = {
  version: 3,
  description: 'accounts, sessions, display tokens, settings, encrypted secrets',
  sql: `
    -- People who log in. Displays (TVs) are not people: they have their own table and tokens.
    -- AUTOINCREMENT: a deleted user's id never names someone else later (logs, old sessions).
    CREATE TABLE users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email TEXT NOT NULL COLLATE NOCASE UNIQUE,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor')),
      created_at INTEGER NOT NULL
    );

    -- id is sha256(cookie token): a copy of the database cannot be replayed as a login.
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      user_agent TEXT
    ) WITHOUT ROWID;
    CREATE INDEX sessions_user_id ON sessions (user_id);
    CREATE INDEX sessions_last_seen_at ON sessions (last_seen_at);

    -- One row per TV. board_id has no foreign key: deleting a board must not silently delete (and
    -- so un-revoke-ably forget) the tokens that pointed at it; such a display just sees nothing.
    -- A revoked row is kept so an admin can see when and which token stopped working.
    CREATE TABLE displays (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      board_id TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER,
      revoked_at INTEGER
    );

    -- Plain settings as JSON values. Never a secret: those go to the secrets table.
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- PBX passwords and webhook secrets, only as secret-box ciphertext ("v1:iv:tag:data").
    CREATE TABLE secrets (
      key TEXT PRIMARY KEY,
      ciphertext TEXT NOT NULL CHECK (ciphertext LIKE 'v_:%:%:%'),
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
