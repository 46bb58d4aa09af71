import type { Delivery } from './types';

/**
 * POST a JSON body to a receiver (webhook, Slack, Teams). Redirects are not followed (a receiver
 * that moved must be reconfigured, not silently chased), and only the first bytes of a reply are
 * read: a receiver cannot make the server hold its page.
 */
const REPLY_BYTES = 512;

export async function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<Delivery> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Callboard', ...headers },
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    return { ok: false, status: null, detail: networkError(err, signal), retry: true };
  }
  const reply = await replyStart(res);
  const status = res.status;
  if (status >= 200 && status < 300) return { ok: true, status, detail: reply || null, retry: false };
  if (status >= 300 && status < 400)
    return {
      ok: false,
      status,
      detail: `redirected (HTTP ${status}); redirects are not followed: use the final URL`,
      retry: false,
    };
  // Busy, overloaded or down: later may work. Any other 4xx says this request is wrong; resending it won't fix it.
  const retry = status >= 500 || status === 408 || status === 429;
  const retryAfterMs = retryAfter(res.headers.get('retry-after'));
  return {
    ok: false,
    status,
    detail: reply ? `HTTP ${status}: ${reply}` : `HTTP ${status}`,
    retry,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** The reply's first bytes as text, on one line; '' when none or unreadable. */
async function replyStart(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < REPLY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A reply cut short still says what it said so far.
  } finally {
    void reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, REPLY_BYTES).toString('utf8');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Retry-After in seconds (RFC 9110 also allows a date; a receiver's clock is not ours, so only seconds count). */
function retryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

function networkError(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return typeof signal.reason === 'string' ? signal.reason : 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code)
    return `could not reach the receiver: ${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return `could not reach the receiver: ${(err as Error).message ?? String(err)}`;
}
