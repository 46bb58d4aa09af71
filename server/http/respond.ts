import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import { readJson } from '../../lib/json/readJson';

/** JSON replies for every Callboard route, and JSON bodies for the small admin APIs (webhooks have their own reader). */

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string | string[]>> = {},
): true {
  // A handler that already answered (e.g. a 413 sent mid-body) must not answer twice.
  if (res.headersSent || res.destroyed) return true;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
}

/**
 * A schema's first problem as a 422 reason naming its field: "queues.8001.slaSeconds: at most 3600".
 * `subject` names the whole body when the problem is not in one field.
 */
export function issueText(
  error: { readonly issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  subject = 'body',
): string {
  const issue = error.issues[0];
  return `${issue?.path.map(String).join('.') || subject}: ${issue?.message ?? 'invalid'}`;
}

/** One field's problem as the forms show it: `path` like "thresholds.waiting.warn", `message` in plain words. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** Every problem of a schema error, each naming its field (the forms put each under its input). */
export function fieldIssues(error: {
  readonly issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * A 422 for a body the schema refused: `issues` lists every field's problem, `error` (what older
 * clients read) is the first one as `issueText` words it.
 */
export function invalid(
  res: ServerResponse,
  error: { readonly issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  subject = 'body',
): true {
  return json(res, 422, { error: issueText(error, subject), issues: fieldIssues(error) });
}

/**
 * `If-Match: *` (RFC 9110 §13.1.1): the client means to edit what exists, never to create. The
 * settings forms send it with every edit, so a thing deleted in another tab is not brought back.
 */
export function editOnly(req: IncomingMessage): boolean {
  return req.headers['if-match']?.trim() === '*';
}

/** The 412 for an edit (`If-Match: *`) of something that no longer exists. */
export function goneMeanwhile(res: ServerResponse, what: string): true {
  return json(res, 412, { error: `${what} does not exist (deleted meanwhile?): nothing was saved` });
}

export function methodNotAllowed(res: ServerResponse, allow: string): true {
  return json(res, 405, { error: 'method not allowed' }, { allow });
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, status: 415, error: 'send application/json' };
  }
  let text: string;
  try {
    text = await getRawBody(req, { limit, encoding: 'utf8', length: req.headers['content-length'] });
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    return {
      ok: false,
      status,
      error: status === 413 ? `body over ${limit} bytes` : 'could not read the body',
    };
  }
  const parsed = readJson(text);
  if (!parsed.ok) return { ok: false, status: 400, error: `invalid JSON: ${parsed.error.message}` };
  return { ok: true, value: parsed.value };
}
