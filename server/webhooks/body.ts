import type { IncomingMessage } from 'node:http';
import { parse as parseContentType } from 'content-type';
import getRawBody from 'raw-body';

/**
 * Reading a webhook body with a hard size limit. raw-body refuses a declared Content-Length over the
 * limit before reading a byte, and counts bytes as they stream in (chunked bodies), stopping at the
 * limit. Slow senders are cut off by the server's `requestTimeout` / `headersTimeout`, not here.
 */
export type BodyRead =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** 413 over the limit, 415 unsupported charset, 400 unreadable, 0 the client went away. */
      readonly status: 0 | 400 | 413 | 415;
      readonly reason: string;
    };

export async function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && !/^\d+$/.test(declared.trim())) {
    return { ok: false, status: 400, reason: 'invalid Content-Length' };
  }
  try {
    const text = await getRawBody(req, {
      limit,
      length: declared ?? null,
      encoding: charsetOf(req.headers['content-type']),
    });
    return { ok: true, text };
  } catch (err) {
    const e = err as { status?: number; type?: string; message?: string };
    // Whatever was not read is discarded, so the connection can serve its next request.
    if (!req.destroyed) req.resume();
    switch (e.type) {
      case 'entity.too.large':
        return { ok: false, status: 413, reason: `body over ${limit} bytes` };
      case 'encoding.unsupported':
        return {
          ok: false,
          status: 415,
          reason: `unsupported charset "${charsetOf(req.headers['content-type']).slice(0, 40)}"`,
        };
      case 'request.aborted':
        return { ok: false, status: 0, reason: 'request aborted' };
      default:
        return { ok: false, status: 400, reason: `could not read the body: ${e.message ?? 'unknown error'}` };
    }
  }
}

/** The declared charset, or UTF-8 (JSON and form bodies are UTF-8 unless said otherwise). */
function charsetOf(contentType: string | undefined): string {
  if (!contentType) return 'utf-8';
  try {
    return parseContentType(contentType).parameters.charset?.toLowerCase() || 'utf-8';
  } catch {
    // A malformed parameter list must not lose the event: read it as UTF-8.
    return 'utf-8';
  }
}
