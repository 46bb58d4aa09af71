import type { Migration } from '../../schema/migration';

/**
 * The rest of what SQLite stores (../../schema/v1.ts–v6.ts), so the stores can move over one by one:
 * dead letters with their per-source totals, figures, boards, settings rows, accounts, sessions,
 * displays, settings, secrets, restart checkpoints and history. Same columns and meanings; times are
 * ms since the epoch (bigint) as in SQLite, so rows move between backends unchanged.
 */
export const v3: Migration = {
  version: 3,
  description:
    'dead letters, figures, boards, settings rows, accounts, sessions, displays, secrets, checkpoints, history',
  sql: `
    -- Identity never reuses an id: an id an admin saw never names another letter later.
    CREATE TABLE dead_letters (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source text NOT NULL,
      kind text NOT NULL,
      received_at bigint NOT NULL,
      status integer NOT NULL,
      reason text NOT NULL,
      method text NOT NULL,
      url text NOT NULL,
      headers text NOT NULL,
      content_type text NOT NULL,
      body text NOT NULL,
      replayed_at bigint,
      replay_result text
    );
    CREATE INDEX dead_letters_source ON dead_letters (source, id);
    CREATE INDEX dead_letters_received_at ON dead_letters (received_at);

    -- Per source: letters kept and their bytes (body, headers, url), kept up to date by the
    -- triggers whoever inserts or deletes, and how many the cap dropped.
    CREATE TABLE dead_letter_totals (
      source text PRIMARY KEY,
      letters bigint NOT NULL DEFAULT 0,
      bytes bigint NOT NULL DEFAULT 0,
      dropped bigint NOT NULL DEFAULT 0
    );
    CREATE FUNCTION dead_letter_counted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO dead_letter_totals AS t (source, letters, bytes)
        VALUES (NEW.source, 1, octet_length(NEW.body) + octet_length(NEW.headers) + octet_length(NEW.url))
        ON CONFLICT (source) DO UPDATE SET letters = t.letters + 1, bytes = t.bytes + excluded.bytes;
      RETURN NULL;
    END $$;
    CREATE FUNCTION dead_letter_uncounted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE dead_letter_totals
         SET letters = letters - 1,
             bytes = bytes - (octet_length(OLD.body) + octet_length(OLD.headers) + octet_length(OLD.url))
       WHERE source = OLD.source;
      RETURN NULL;
    END $$;
    CREATE TRIGGER dead_letters_counted AFTER INSERT ON dead_letters
      FOR EACH ROW EXECUTE FUNCTION dead_letter_counted();
    CREATE TRIGGER dead_letters_uncounted AFTER DELETE ON dead_letters
      FOR EACH ROW EXECUTE FUNCTION dead_letter_uncounted();

    CREATE TABLE quarter_figures (
      day text NOT NULL,
      queue text NOT NULL,
      bucket_start bigint NOT NULL,
      figures text NOT NULL,
      PRIMARY KEY (day, queue, bucket_start)
    );
    CREATE INDEX quarter_figures_bucket_start ON quarter_figures (bucket_start);

    CREATE TABLE boards (id text PRIMARY KEY, config text NOT NULL, updated_at bigint NOT NULL);
    CREATE TABLE pbx_connections (id text PRIMARY KEY, config text NOT NULL, updated_at bigint NOT NULL);
    CREATE TABLE webhook_sources (id text PRIMARY KEY, config text NOT NULL, updated_at bigint NOT NULL);

    -- Emails are stored lower-case and unique regardless of case (SQLite: COLLATE NOCASE UNIQUE).
    CREATE TABLE users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'supervisor')),
      created_at bigint NOT NULL
    );
    CREATE UNIQUE INDEX users_email ON users (lower(email));

    -- id is sha256(cookie token): a copy of the database cannot be replayed as a login.
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at bigint NOT NULL,
      last_seen_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      user_agent text
    );
    CREATE INDEX sessions_user_id ON sessions (user_id);
    CREATE INDEX sessions_last_seen_at ON sessions (last_seen_at);

    -- board_id has no foreign key: deleting a board must not silently forget the tokens of it.
    CREATE TABLE displays (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL,
      board_id text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at bigint NOT NULL,
      last_seen_at bigint,
      revoked_at bigint
    );

    CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at bigint NOT NULL);
    CREATE TABLE secrets (
      key text PRIMARY KEY,
      ciphertext text NOT NULL CHECK (ciphertext LIKE 'v_:%:%:%'),
      updated_at bigint NOT NULL
    );

    -- The reduced state after journal row journal_id (server/checkpoints.ts); the newest two kept.
    -- On a shared journal a checkpoint also needs the tail's (xid, id) position: added with the tail.
    CREATE TABLE state_checkpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      created_at bigint NOT NULL,
      journal_id bigint NOT NULL,
      journal_received_at bigint,
      schema_version integer NOT NULL,
      settings_hash text NOT NULL,
      day_start bigint NOT NULL,
      checksum text NOT NULL,
      state bytea NOT NULL
    );

    -- History: raw counters per queue, per 15-minute bucket and per day (lib/domain/figures.ts).
    CREATE TABLE history_quarters (
      queue text NOT NULL, bucket_start bigint NOT NULL, day text NOT NULL,
      offered bigint NOT NULL, answered bigint NOT NULL, abandoned bigint NOT NULL,
      short_abandoned bigint NOT NULL, overflowed bigint NOT NULL, callbacks bigint NOT NULL,
      lost_track bigint NOT NULL, answered_within_sla bigint NOT NULL, waited bigint NOT NULL,
      wait_ms bigint NOT NULL, handled bigint NOT NULL, talk_seconds bigint NOT NULL,
      hold_seconds bigint NOT NULL, wrap_seconds bigint NOT NULL,
      PRIMARY KEY (queue, bucket_start)
    );
    CREATE INDEX history_quarters_day ON history_quarters (day);
    CREATE TABLE history_days (
      queue text NOT NULL, day_start bigint NOT NULL, day text NOT NULL,
      offered bigint NOT NULL, answered bigint NOT NULL, abandoned bigint NOT NULL,
      short_abandoned bigint NOT NULL, overflowed bigint NOT NULL, callbacks bigint NOT NULL,
      lost_track bigint NOT NULL, answered_within_sla bigint NOT NULL, waited bigint NOT NULL,
      wait_ms bigint NOT NULL, handled bigint NOT NULL, talk_seconds bigint NOT NULL,
      hold_seconds bigint NOT NULL, wrap_seconds bigint NOT NULL,
      PRIMARY KEY (queue, day_start)
    );
    CREATE INDEX history_days_day ON history_days (day);
    CREATE TABLE history_closed (
      day text PRIMARY KEY,
      day_start bigint NOT NULL,
      day_end bigint NOT NULL,
      closed_at bigint NOT NULL,
      how text NOT NULL CHECK (how IN ('live', 'startup', 'recount'))
    );
    CREATE INDEX history_closed_day_start ON history_closed (day_start);
  `,
};
