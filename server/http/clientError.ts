import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Node's own refusals (a request it cannot parse, headers over its limit, a request that timed out)
 * answered like every Callboard route: the same status Node would send, with a JSON reason, then the
 * connection closed. Registered as the server's 'clientError' listener, which replaces Node's default.
 */
const REASONS: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'request headers too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'chunk extensions too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request timeout'],
};

export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // As Node's default does: reply only when nothing of a response has gone out on this socket.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const [status, error] = REASONS[err.code ?? ''] ?? [400, 'bad request'];
    const body = JSON.stringify({ error });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
