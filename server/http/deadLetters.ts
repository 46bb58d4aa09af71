import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DeadLetter, type DeadLetters, StorageUnavailableError } from '../storage/types';
import { json } from './respond';
import { type Params, queryOf, type Route } from './router';

/**
 * Admin API over rejected webhook payloads:
 *
 * - `GET /api/v1/dead-letters?limit=&before=&source=` → `{ items, nextBefore, dropped }`, newest first.
 *   Items leave out `headers` and `body` (up to 64 KiB each) and carry `bodyLength` instead;
 *   `nextBefore` is the `before` of the next page, or null on the last one. `limit` 1–500, default 50.
 *   `dropped`: how many older letters (of the source, or of all) the per-source cap dropped.
 * - `GET /api/v1/dead-letters/:id` → the whole letter.
 * - `POST /api/v1/dead-letters/:id/replay` → runs `replay`, records its result text with
 *   `markReplayed`, replies `{ id, result, replayedAt }`. 503 with Retry-After when storage is down
 *   (nothing recorded: replay again later).
 *
 * Every route needs `authorize` (its 401 or 403 otherwise, before the id is looked at).
 */
export interface DeadLetterApiOptions {
  readonly deadLetters: DeadLetters;
  /** Re-run a letter through the receiver; resolves to a result text ("accepted 3 events", …). */
  readonly replay: (letter: DeadLetter) => Promise<string>;
  /** Allowed, or the status and reason to refuse with (401: no credentials; 403: not allowed, foreign Origin). */
  readonly authorize: (
    req: IncomingMessage,
  ) => Promise<{ ok: true } | { ok: false; status: 401 | 403; error: string }>;
  /** Clock for `replayedAt` (defaults to the wall clock; pass the server's `now`). */
  readonly now?: () => number;
}

const BASE = '/api/v1/dead-letters';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const RETRY_AFTER_SECONDS = 5;

export function createDeadLetterApi(o: DeadLetterApiOptions): Route[] {
  const now = o.now ?? (() => Date.now());

  async function one(res: ServerResponse, p: Params): Promise<true> {
    const id = idOf(p.id);
    if (id === undefined) return json(res, 404, { error: 'not found' });
    const letter = await o.deadLetters.get(id);
    return letter ? json(res, 200, letter) : json(res, 404, { error: `no dead letter ${id}` });
  }

  async function replay(res: ServerResponse, p: Params): Promise<true> {
    const id = idOf(p.id);
    if (id === undefined) return json(res, 404, { error: 'not found' });
    const letter = await o.deadLetters.get(id);
    if (!letter) return json(res, 404, { error: `no dead letter ${id}` });
    let result: string;
    try {
      result = await o.replay(letter);
    } catch (err) {
      if (err instanceof StorageUnavailableError) {
        return json(
          res,
          503,
          { error: 'storage unavailable, retry later' },
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
      }
      throw err; // the server's route handler logs it and answers 500
    }
    const replayedAt = now();
    await o.deadLetters.markReplayed(id, replayedAt, result);
    return json(res, 200, { id, result, replayedAt });
  }

  const allow = (req: IncomingMessage) => o.authorize(req);
  return [
    {
      method: 'GET',
      path: BASE,
      allow,
      handle: (req, res) => list(res, queryOf(req)),
    },
    { method: 'GET', path: `${BASE}/:id`, allow, handle: (_req, res, p) => one(res, p) },
    { method: 'POST', path: `${BASE}/:id/replay`, allow, handle: (_req, res, p) => replay(res, p) },
  ];

  async function list(res: ServerResponse, params: URLSearchParams): Promise<true> {
    const limit = optionalInt(params.get('limit'));
    const before = optionalInt(params.get('before'));
    if (limit === null || (limit !== undefined && (limit < 1 || limit > MAX_LIMIT))) {
      return json(res, 400, { error: `limit must be an integer from 1 to ${MAX_LIMIT}` });
    }
    if (before === null || (before !== undefined && before < 1)) {
      return json(res, 400, { error: 'before must be a positive integer (a dead letter id)' });
    }
    const source = params.get('source');
    const want = limit ?? DEFAULT_LIMIT;
    const letters = await o.deadLetters.list({
      limit: want,
      ...(before === undefined ? {} : { beforeId: before }),
      ...(source ? { source } : {}),
    });
    const last = letters[letters.length - 1];
    return json(res, 200, {
      items: letters.map(summary),
      nextBefore: letters.length === want && last ? last.id : null,
      dropped: await o.deadLetters.dropped(source || undefined),
    });
  }
}

/** A list row: everything but the headers and body. */
function summary(letter: DeadLetter) {
  const { headers: _headers, body, ...rest } = letter;
  return { ...rest, bodyLength: body.length };
}

/** undefined when absent, null when present but not a positive decimal integer. */
function optionalInt(value: string | null): number | undefined | null {
  if (value === null || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

function idOf(segment: string | undefined): number | undefined {
  if (segment === undefined || !/^[1-9]\d{0,14}$/.test(segment)) return undefined;
  return Number(segment);
}
