import type { IncomingHttpHeaders } from 'node:http';

/** What dead letters and logs keep of a request: never a secret, never a whole body in a log line. */
export const SECRET = '[secret]';
const LOG_TEXT_MAX = 200;

/** Header names whose values are credentials whatever they contain. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SECRET_HEADER_NAME = /token|secret|api-?key|password|signature/i;

/**
 * Path and query with the token replaced: the segment after `/api/webhooks/<kind>/`, every `token=`
 * value, and any other place a known secret (raw or percent-encoded) appears.
 */
export function redactUrl(url: string, secrets: readonly string[]): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? undefined : url.slice(q + 1);
  const redactedPath = path.replace(/^(\/api\/webhooks\/[^/]+\/)[^/]+/, `$1${SECRET}`);
  const redactedQuery =
    query === undefined
      ? undefined
      : query
          .split('&')
          .map((part) => (queryKey(part) === 'token' ? `${part.split('=')[0]}=${SECRET}` : part))
          .join('&');
  const joined = redactedQuery === undefined ? redactedPath : `${redactedPath}?${redactedQuery}`;
  return scrub(joined, secrets);
}

/** Headers as single strings, credentials replaced by "[secret]". */
export function redactHeaders(
  headers: IncomingHttpHeaders,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const lower = name.toLowerCase();
    out[lower] =
      SECRET_HEADERS.has(lower) || SECRET_HEADER_NAME.test(lower) || containsSecret(text, secrets)
        ? SECRET
        : text;
  }
  return out;
}

/** For log lines: at most 200 characters, with a marker when cut. */
export function truncate(text: string, max = LOG_TEXT_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** The decoded name of one `name=value` query part. */
export function queryKey(part: string): string {
  const name = part.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    out = out.replaceAll(secret, SECRET).replaceAll(encodeURIComponent(secret), SECRET);
  }
  return out;
}

function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => s !== '' && (text.includes(s) || text.includes(encodeURIComponent(s))));
}
