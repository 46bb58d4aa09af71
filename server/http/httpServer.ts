import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { answerClientError } from './clientError';
import { type SecurityHeaderOptions, setSecurityHeaders } from './securityHeaders';

/**
 * The process's one HTTP server: every response gets the security headers, the route table answers
 * what it owns and `fallback` (Next's pages) the rest; a handler that throws is a JSON 500, never a
 * crash, and its URL is logged without the query (which may hold a token).
 */
export function createHttpServer(o: {
  readonly config: SecurityHeaderOptions;
  readonly logger: Logger;
  readonly route: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  readonly fallback: (req: IncomingMessage, res: ServerResponse) => void;
}) {
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await o.route(req, res))) o.fallback(req, res);
  }
  const server = createServer((req, res) => {
    setSecurityHeaders(req, res, o.config);
    void answer(req, res).catch((err: unknown) => {
      o.logger.error({ err, url: req.url?.split('?')[0] }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    });
  });
  server.on('clientError', answerClientError);
  // Slow senders must not hold connections forever (webhook bodies are ≤ 64 KiB).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

/** Listens on the configured host and port (0: any free one); resolves with the port it got. */
export function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
