import type Database from 'better-sqlite3';

/**
 * The schema, as an ordered list of steps. `PRAGMA user_version` records how many have run. A step
 * is never edited once released: change the schema by appending a step.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'journal, raw payloads, dedupe keys, dead letters, quarter figures, boards',
    sql: `
      -- One row per arrival (one webhook body, one WSI frame batch). The id is the arrival order
      -- that replay follows; events is a JSON array of DomainEvent.
      CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        events TEXT NOT NULL
      );
      CREATE INDEX journal_received_at ON journal (received_at);

      -- Kept for fewer days than the journal; deleted with its journal row at the latest.
      CREATE TABLE raw_payloads (
        journal_id INTEGER PRIMARY KEY REFERENCES journal (id) ON DELETE CASCADE,
        received_at INTEGER NOT NULL,
        content_type TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX raw_payloads_received_at ON raw_payloads (received_at);

      CREATE TABLE dedupe_keys (
        key TEXT PRIMARY KEY,
        seen_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX dedupe_keys_seen_at ON dedupe_keys (seen_at);

      -- AUTOINCREMENT: an id an admin saw (in a link, a log line) never names another letter later,
      -- even after every letter has been pruned.
      CREATE TABLE dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        status INTEGER NOT NULL,
        reason TEXT NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        headers TEXT NOT NULL,
        content_type TEXT NOT NULL,
        body TEXT NOT NULL,
        replayed_at INTEGER,
        replay_result TEXT
      );
      CREATE INDEX dead_letters_source ON dead_letters (source, id);
      CREATE INDEX dead_letters_received_at ON dead_letters (received_at);

      CREATE TABLE quarter_figures (
        day TEXT NOT NULL,
        queue TEXT NOT NULL,
        bucket_start INTEGER NOT NULL,
        figures TEXT NOT NULL,
        PRIMARY KEY (day, queue, bucket_start)
      ) WITHOUT ROWID;
      CREATE INDEX quarter_figures_bucket_start ON quarter_figures (bucket_start);

      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'PBX connections and webhook sources configured in the settings page',
    sql: `
      -- Settings as JSON (validated by lib/settings on the way in and out). Their passwords and
      -- secrets live in the secrets table, sealed (server/secrets), named after the row.
      CREATE TABLE pbx_connections (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE webhook_sources (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
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
  },
  {
    version: 4,
    description: 'dead letters capped per source: running totals, and how many were dropped',
    sql: `
      -- Per source: how many dead letters are kept and their size (body, headers and url bytes),
      -- kept up to date by the triggers below whoever inserts or deletes (the cap, retention), and
      -- how many the cap dropped (oldest first) since the source's first letter.
      CREATE TABLE dead_letter_totals (
        source TEXT PRIMARY KEY,
        letters INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        dropped INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      INSERT INTO dead_letter_totals (source, letters, bytes)
        SELECT source, count(*),
               sum(length(CAST(body AS BLOB)) + length(CAST(headers AS BLOB)) + length(CAST(url AS BLOB)))
        FROM dead_letters GROUP BY source;
      CREATE TRIGGER dead_letters_counted AFTER INSERT ON dead_letters BEGIN
        INSERT INTO dead_letter_totals (source, letters, bytes)
          VALUES (NEW.source, 1,
                  length(CAST(NEW.body AS BLOB)) + length(CAST(NEW.headers AS BLOB)) + length(CAST(NEW.url AS BLOB)))
          ON CONFLICT (source) DO UPDATE SET letters = letters + 1, bytes = bytes + excluded.bytes;
      END;
      CREATE TRIGGER dead_letters_uncounted AFTER DELETE ON dead_letters BEGIN
        UPDATE dead_letter_totals
          SET letters = letters - 1,
              bytes = bytes - (length(CAST(OLD.body AS BLOB)) + length(CAST(OLD.headers AS BLOB))
                               + length(CAST(OLD.url AS BLOB)))
          WHERE source = OLD.source;
      END;
    `,
  },
  {
    version: 5,
    description: 'restart checkpoints of the reduced state',
    sql: `
      -- The reduced state after journal row journal_id (server/checkpoints.ts). A row is written in one
      -- transaction, so it is whole or absent; the last two are kept. The columns beside the state say
      -- whether it may be used: the state's schema version, the settings it was reduced under (a hash)
      -- and the day it is of. journal_received_at: that row's, to tell it from a later row that took
      -- its id after retention emptied the journal. checksum: sha256 of state, against a damaged page.
      CREATE TABLE state_checkpoints (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at INTEGER NOT NULL,
        journal_id INTEGER NOT NULL,
        journal_received_at INTEGER,
        schema_version INTEGER NOT NULL,
        settings_hash TEXT NOT NULL,
        day_start INTEGER NOT NULL,
        checksum TEXT NOT NULL,
        state BLOB NOT NULL
      );
    `,
  },
  {
    version: 6,
    description: 'history: closed days per queue, per 15-minute bucket and per day, kept past the journal',
    sql: `
      -- Raw counters (lib/domain/figures.ts Figures), never means: any set of rows sums into a period.
      -- Keyed by queue and instant: a report reads one queue's range as one index walk.
      CREATE TABLE history_quarters (
        queue TEXT NOT NULL,
        bucket_start INTEGER NOT NULL,
        day TEXT NOT NULL,
        offered INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        abandoned INTEGER NOT NULL,
        short_abandoned INTEGER NOT NULL,
        overflowed INTEGER NOT NULL,
        callbacks INTEGER NOT NULL,
        lost_track INTEGER NOT NULL,
        answered_within_sla INTEGER NOT NULL,
        waited INTEGER NOT NULL,
        wait_ms INTEGER NOT NULL,
        handled INTEGER NOT NULL,
        talk_seconds INTEGER NOT NULL,
        hold_seconds INTEGER NOT NULL,
        wrap_seconds INTEGER NOT NULL,
        PRIMARY KEY (queue, bucket_start)
      ) WITHOUT ROWID;
      CREATE INDEX history_quarters_day ON history_quarters (day);

      CREATE TABLE history_days (
        queue TEXT NOT NULL,
        day_start INTEGER NOT NULL,
        day TEXT NOT NULL,
        offered INTEGER NOT NULL,
        answered INTEGER NOT NULL,
        abandoned INTEGER NOT NULL,
        short_abandoned INTEGER NOT NULL,
        overflowed INTEGER NOT NULL,
        callbacks INTEGER NOT NULL,
        lost_track INTEGER NOT NULL,
        answered_within_sla INTEGER NOT NULL,
        waited INTEGER NOT NULL,
        wait_ms INTEGER NOT NULL,
        handled INTEGER NOT NULL,
        talk_seconds INTEGER NOT NULL,
        hold_seconds INTEGER NOT NULL,
        wrap_seconds INTEGER NOT NULL,
        PRIMARY KEY (queue, day_start)
      ) WITHOUT ROWID;
      CREATE INDEX history_days_day ON history_days (day);

      -- One row per closed day, even a day without calls: what the start-up close skips.
      CREATE TABLE history_closed (
        day TEXT PRIMARY KEY,
        day_start INTEGER NOT NULL,
        day_end INTEGER NOT NULL,
        closed_at INTEGER NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('live', 'startup', 'recount'))
      ) WITHOUT ROWID;
      CREATE INDEX history_closed_day_start ON history_closed (day_start);
    `,
  },
];

export class SchemaTooNewError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `${path} has schema version ${found}, but this Callboard only knows versions up to ${known}: ` +
        'it was written by a newer Callboard. Run that version, or point DATA_DIR at another directory.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Bring the schema up to date. Each step runs in its own IMMEDIATE transaction together with its
 * user_version bump (both roll back on failure), and the version is re-read inside the transaction so
 * two processes opening one file at once cannot both run a step. Returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const path = db.name;
  const latest = migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}; expected ${i + 1}`);
  });
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > latest) throw new SchemaTooNewError(path, version(), latest);

  const applied: number[] = [];
  for (const m of migrations) {
    const ran = db
      .transaction(() => {
        const current = version();
        if (current > latest) throw new SchemaTooNewError(path, current, latest);
        if (current >= m.version) return false;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.version);
  }
  return applied;
}
