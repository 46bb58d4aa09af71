import type Database from 'better-sqlite3';
import type { SourceKind } from '../../lib/domain/events';
import type { DeadLetter, DeadLetterCaps, DeadLetters } from './types';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * Per source. A sender posting invalid bodies in a loop must not fill the disk: 500 invalid 64 KiB
 * bodies added 31 MB in 1.2 s. The newest letters are the ones an admin needs (the current fault).
 */
export const DEFAULT_DEAD_LETTER_CAPS: DeadLetterCaps = { letters: 1000, bytes: 16 * 1024 * 1024 };

/** A letter's size as the caps count it; dead_letter_totals' triggers (migration 4) use the same sum. */
const SIZE = 'length(CAST(body AS BLOB)) + length(CAST(headers AS BLOB)) + length(CAST(url AS BLOB))';

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

/** Rejected webhook payloads, kept for an admin to inspect and replay, within `caps` per source. */
export function createDeadLetters(
  db: Database.Database,
  caps: DeadLetterCaps = DEFAULT_DEAD_LETTER_CAPS,
): DeadLetters {
  const insert = db.prepare(
    `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id = ?`);
  const mark = db.prepare('UPDATE dead_letters SET replayed_at = ?, replay_result = ? WHERE id = ?');
  const totals = db.prepare('SELECT letters, bytes FROM dead_letter_totals WHERE source = ?');
  // Oldest first along the (source, id) index; the LIMIT keeps the letter just added out of reach.
  const oldest = db.prepare(
    `SELECT id, ${SIZE} AS bytes FROM dead_letters WHERE source = ? ORDER BY id LIMIT ?`,
  );
  const dropThrough = db.prepare('DELETE FROM dead_letters WHERE source = ? AND id <= ?');
  const countDropped = db.prepare('UPDATE dead_letter_totals SET dropped = dropped + ? WHERE source = ?');
  const droppedOf = db.prepare('SELECT dropped FROM dead_letter_totals WHERE source = ?').pluck();
  const droppedAll = db.prepare('SELECT coalesce(sum(dropped), 0) FROM dead_letter_totals').pluck();

  /** Drops the source's oldest letters until it is within both caps again. */
  function enforceCaps(source: string): void {
    const t = totals.get(source) as { letters: number; bytes: number } | undefined;
    if (!t || (t.letters <= caps.letters && t.bytes <= caps.bytes)) return;
    let { letters, bytes } = t;
    let dropped = 0;
    let through = 0;
    for (const row of oldest.iterate(source, t.letters - 1) as IterableIterator<{
      id: number;
      bytes: number;
    }>) {
      if (letters <= caps.letters && bytes <= caps.bytes) break;
      letters--;
      bytes -= row.bytes;
      dropped++;
      through = row.id;
    }
    if (dropped === 0) return;
    dropThrough.run(source, through);
    countDropped.run(dropped, source);
  }

  const addCapped = db.transaction((letter: Parameters<DeadLetters['add']>[0]): number => {
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
    enforceCaps(letter.source);
    return Number(result.lastInsertRowid);
  });
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

  // Async around synchronous statements: the interface is a network database's (./types.ts).
  return {
    add: async (letter) => addCapped(letter),

    async dropped(source) {
      return source === undefined ? (droppedAll.get() as number) : ((droppedOf.get(source) as number) ?? 0);
    },

    async list(options = {}) {
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

    async get(id) {
      const row = byId.get(id) as Row | undefined;
      return row ? letterOf(row) : undefined;
    },

    /** A letter pruned meanwhile (the admin replayed it just as it aged out) is nothing to mark. */
    async markReplayed(id, at, result) {
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
