import type Database from 'better-sqlite3';
import type { SourceKind } from '../../lib/domain/events';
import type { DeadLetter, DeadLetters } from './types';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Row {
  id: number;
  source: string;
  kind: string;
  received_at: number;
  status: number;
  reason: string;
  method: string;
  url: string;
  headers: string;
  content_type: string;
  body: string;
  replayed_at: number | null;
  replay_result: string | null;
}

const COLUMNS =
  'id, source, kind, received_at, status, reason, method, url, headers, content_type, body, replayed_at, replay_result';

/** Rejected webhook payloads, kept for an admin to inspect and replay. */
export function createDeadLetters(db: Database.Database): DeadLetters {
  const insert = db.prepare(
    `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id = ?`);
  const mark = db.prepare('UPDATE dead_letters SET replayed_at = ?, replay_result = ? WHERE id = ?');
  // One statement per filter combination, so each can walk its index (rowid, or (source, id))
  // backwards from the cursor instead of testing `? IS NULL OR …` on every row.
  const pages = {
    all: db.prepare(`SELECT ${COLUMNS} FROM dead_letters ORDER BY id DESC LIMIT ?`),
    before: db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id < ? ORDER BY id DESC LIMIT ?`),
    source: db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE source = ? ORDER BY id DESC LIMIT ?`),
    sourceBefore: db.prepare(
      `SELECT ${COLUMNS} FROM dead_letters WHERE source = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    ),
  };

  return {
    add(letter) {
      const result = insert.run(
        letter.source,
        letter.kind,
        letter.receivedAt,
        letter.status,
        letter.reason,
        letter.method,
        letter.url,
        JSON.stringify(letter.headers),
        letter.contentType,
        letter.body,
      );
      return Number(result.lastInsertRowid);
    },

    list(options = {}) {
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      const { beforeId, source } = options;
      const rows =
        source === undefined
          ? beforeId === undefined
            ? pages.all.all(limit)
            : pages.before.all(beforeId, limit)
          : beforeId === undefined
            ? pages.source.all(source, limit)
            : pages.sourceBefore.all(source, beforeId, limit);
      return (rows as Row[]).map(letterOf);
    },

    get(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? letterOf(row) : undefined;
    },

    /** A letter pruned meanwhile (the admin replayed it just as it aged out) is nothing to mark. */
    markReplayed(id, at, result) {
      mark.run(at, result, id);
    },
  };
}

function letterOf(r: Row): DeadLetter {
  return {
    id: r.id,
    source: r.source,
    kind: r.kind as SourceKind,
    receivedAt: r.received_at,
    status: r.status,
    reason: r.reason,
    method: r.method,
    url: r.url,
    headers: JSON.parse(r.headers) as Record<string, string>,
    contentType: r.content_type,
    body: r.body,
    replayedAt: r.replayed_at,
    replayResult: r.replay_result,
  };
}
