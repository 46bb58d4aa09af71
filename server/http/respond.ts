import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import { readJson } from '../../lib/json/readJson';

/** JSON replies and bodies for the small admin and read APIs (webhooks have their own reader). */

export function json(res: ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
  return true;
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
