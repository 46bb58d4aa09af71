import type { Migration } from './migration';

export const v4: Migration = {
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
};
