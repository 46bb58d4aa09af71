import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { queueKeySchema } from '../../lib/settings/general';
import type { Guard } from './guard';

/**
 * What the agent and call reports share (server/http/agentReports.ts, callReports.ts): the queue
 * filter, the choice of CSV, and answers written at the pace the client reads them (a generator of
 * rows piped to the socket), so no report is ever one big string in memory.
 */

export const MAX_QUEUES = 50;
const CHUNK = 16 * 1024;

/** `queues=a,b` or `board=<id>` (not both): the queue keys, every queue, or why not. */
export async function queueFilter(
  q: URLSearchParams,
  guard: Pick<Guard, 'boardScope'>,
): Promise<{ ok: true; queues: readonly string[] | 'all' } | { ok: false; error: string }> {
  const named = q.get('queues');
  const board = q.get('board');
  if (named !== null && board !== null) return { ok: false, error: 'give queues or board, not both' };
  if (board !== null) return { ok: true, queues: await guard.boardScope(board) };
  if (named === null) return { ok: true, queues: 'all' };
  const list = [...new Set(named.split(',').filter((s) => s !== ''))];
  if (list.length > MAX_QUEUES)
    return { ok: false, error: `queues: at most ${MAX_QUEUES} queues per report` };
  const bad = list.find((k) => !queueKeySchema.safeParse(k).success);
  if (bad !== undefined) return { ok: false, error: `queues: "${bad}" is not <scope>/<queue>` };
  return { ok: true, queues: list };
}

/** `format=csv`, or `Accept: text/csv` without a `format`. */
export function wantsCsv(req: IncomingMessage, q: URLSearchParams): boolean {
  const format = q.get('format');
  if (format !== null) return format === 'csv';
  return (req.headers.accept ?? '').split(',').some((part) => part.split(';')[0]?.trim() === 'text/csv');
}

/** `format` is json (the default) or csv; anything else is a 400 naming it. */
export function formatError(q: URLSearchParams): string | null {
  const format = q.get('format');
  return format === null || format === 'csv' || format === 'json'
    ? null
    : `format: expected csv or json, got "${format}"`;
}

async function send(res: ServerResponse, source: Readable, through?: NodeJS.ReadWriteStream): Promise<void> {
  try {
    if (through) await pipeline(source, through, res);
    else await pipeline(source, res);
  } catch {
    // The client went away mid-download: nothing to answer, nothing to keep.
    res.destroy();
  }
}

/** Rows as a CSV attachment (UTF-8, header row, these columns in order; null = empty cell). */
export function sendCsvRows(
  res: ServerResponse,
  rows: Iterable<object>,
  columns: readonly string[],
  filename: string,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  return send(
    res,
    Readable.from(rows, { objectMode: true }),
    stringify({ header: true, columns: [...columns] }),
  );
}

/** `{ ...head, rows: [...] }` as JSON, the rows serialised one at a time as the client reads. */
export function sendJsonRows(
  res: ServerResponse,
  head: Record<string, unknown>,
  rows: Iterable<object>,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  function* chunks(): Generator<string> {
    const open = JSON.stringify(head);
    yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"rows":[`;
    // A few rows per chunk: neither one write per row nor one string for all of them.
    let chunk = '';
    let first = true;
    for (const row of rows) {
      chunk += (first ? '' : ',') + JSON.stringify(row);
      first = false;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}]}`;
  }
  return send(res, Readable.from(chunks(), { objectMode: false }));
}
