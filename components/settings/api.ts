'use client';

/**
 * Same-origin JSON calls of the settings pages. The session cookie goes along by itself, and the
 * browser's Origin header is what the server's CSRF check reads. Errors come back as the server's text.
 */
export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; error: string; issues?: readonly FieldIssue[] };

/** One field's problem in a 4xx (`path` like "thresholds.waiting.warn"), shown under that field. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

function issuesOf(body: unknown): FieldIssue[] | undefined {
  if (!body || typeof body !== 'object' || !('issues' in body) || !Array.isArray(body.issues))
    return undefined;
  return body.issues.filter(
    (i): i is FieldIssue => typeof i?.path === 'string' && typeof i?.message === 'string',
  );
}

/** `If-Match: *` for an edit: the server refuses (412) to save something deleted meanwhile instead of re-creating it. */
export const EDIT_ONLY: Readonly<Record<string, string>> = { 'if-match': '*' };

export async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...headers,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, error: 'the server could not be reached' };
  }
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = null;
  }
  if (res.ok) return { ok: true, status: res.status, body: parsed as T };
  const error =
    parsed && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string'
      ? parsed.error
      : `HTTP ${res.status}`;
  const issues = issuesOf(parsed);
  return { ok: false, status: res.status, error, ...(issues ? { issues } : {}) };
}
