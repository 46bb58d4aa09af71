import type pg from 'pg';
import type { SourceKind } from '../../../lib/domain/events';
import { DEFAULT_DEAD_LETTER_CAPS } from '../deadLetters';
import type { DeadLetter, DeadLetterCaps, DeadLetters } from '../types';
import { inTransaction, num, numOrNull } from './rows';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const COLUMNS =
  'id, source, kind, received_at, status, reason, method, url, headers, content_type, body, replayed_at, replay_result';
/** A letter's size as the caps count it; the totals' triggers (schema v3) use the same sum. */
const SIZE = 'octet_length(body) + octet_length(headers) + octet_length(url)';

const letterOf = (r: Record<string, unknown>): DeadLetter => ({
  id: num(r.id),
  source: r.source as string,
  kind: r.kind as SourceKind,
  receivedAt: num(r.received_at),
  status: r.status as number,
  reason: r.reason as string,
  method: r.method as string,
  url: r.url as string,
  headers: JSON.parse(r.headers as string) as Record<string, string>,
  contentType: r.content_type as string,
  body: (r.body as Buffer).toString('utf8'),
  replayedAt: numOrNull(r.replayed_at),
  replayResult: (r.replay_result as string | null) ?? null,
});

/**
 * Rejected webhook payloads on PostgreSQL, within `caps` per source, as SQLite's (../deadLetters.ts).
 * The body is bytea (PostgreSQL schema v5: it may hold NUL). Two adds for one source queue on its totals row
 * (the insert trigger's upsert locks it until COMMIT), so the caps check sees the other's letter.
 */
export function createPgDeadLetters(
  pool: pg.Pool,
  caps: DeadLetterCaps = DEFAULT_DEAD_LETTER_CAPS,
): DeadLetters {
  return {
    add: (letter) =>
      inTransaction(pool, async (c) => {
        const { rows } = await c.query(
          `INSERT INTO dead_letters (source, kind, received_at, status, reason, method, url, headers, content_type, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            letter.source,
            letter.kind,
            letter.receivedAt,
            letter.status,
            letter.reason,
            letter.method,
            letter.url,
            JSON.stringify(letter.headers),
            letter.contentType,
            Buffer.from(letter.body, 'utf8'),
          ],
        );
        const t = (
          await c.query('SELECT letters, bytes FROM dead_letter_totals WHERE source = $1', [letter.source])
        ).rows[0];
        let letters = num(t?.letters ?? 0);
        let bytes = num(t?.bytes ?? 0);
        if (letters > caps.letters || bytes > caps.bytes) {
          // Oldest first; the LIMIT keeps the letter just added out of reach.
          const oldest = await c.query(
            `SELECT id, ${SIZE} AS bytes FROM dead_letters WHERE source = $1 ORDER BY id LIMIT $2`,
            [letter.source, letters - 1],
          );
          let dropped = 0;
          let through = 0;
          for (const r of oldest.rows) {
            if (letters <= caps.letters && bytes <= caps.bytes) break;
            letters--;
            bytes -= num(r.bytes);
            dropped++;
            through = num(r.id);
          }
          if (dropped > 0) {
            await c.query('DELETE FROM dead_letters WHERE source = $1 AND id <= $2', [
              letter.source,
              through,
            ]);
            await c.query('UPDATE dead_letter_totals SET dropped = dropped + $1 WHERE source = $2', [
              dropped,
              letter.source,
            ]);
          }
        }
        return num(rows[0].id);
      }),

    async dropped(source) {
      const { rows } =
        source === undefined
          ? await pool.query('SELECT coalesce(sum(dropped), 0) AS n FROM dead_letter_totals')
          : await pool.query('SELECT dropped AS n FROM dead_letter_totals WHERE source = $1', [source]);
      return num(rows[0]?.n ?? 0);
    },

    async list(options = {}) {
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
      const where: string[] = [];
      const args: unknown[] = [];
      if (options.source !== undefined) where.push(`source = $${args.push(options.source)}`);
      if (options.beforeId !== undefined) where.push(`id < $${args.push(options.beforeId)}`);
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM dead_letters ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY id DESC LIMIT $${args.push(limit)}`,
        args,
      );
      return rows.map(letterOf);
    },

    async get(id) {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`, [id]);
      return rows[0] ? letterOf(rows[0]) : undefined;
    },

    /** A letter pruned meanwhile (the admin replayed it just as it aged out) is nothing to mark. */
    async markReplayed(id, at, result) {
      await pool.query('UPDATE dead_letters SET replayed_at = $1, replay_result = $2 WHERE id = $3', [
        at,
        result,
        id,
      ]);
    },
  };
}
