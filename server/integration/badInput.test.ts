import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * Bad input that used to get a 500 (issue #13 §3): JSON nested thousands deep, a malformed
 * %-escape in a path id, and requests Node itself refuses. Each gets a 4xx with a JSON reason, and
 * nothing is logged as an error. The real server, over real HTTP and raw sockets on loopback.
 */
let app: TestCallboard;
const lines: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await startTestCallboard({ logger: pino({ level: 'info' }, stream) });
});
afterAll(async () => {
  await app.close({ remove: true });
});

/** Lines logged at error level or worse (pino: 50 error, 60 fatal). */
const errorLines = () => lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);

/** A JSON array nested `depth` deep: 8,000 is 16 KB. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON nested thousands deep', () => {
  const deep = nested(8000);
  // A valid 3CX event carrying one deep member: it normalizes, so its dedupe key walked the member.
  // 30,000 deep (60 KB, under the 64 KiB limit): 8,000 overflowed the main thread's stack, and a
  // test worker's stack is larger.
  const threeCx = `{"Event":"ringing","Callerid":"05552221133","User":"800","Usertype":"other","Did":"","Id":"230307114903_10-0","X":${nested(30_000)}}`;

  it('a 3CX webhook gets a 400 naming the depth, and the dead letter replays to the same', async () => {
    const res = await fetch(`${app.url}/api/webhooks/3cx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
      body: threeCx,
    });
    const body = (await res.json()) as { error: string; deadLetter: number };
    expect(res.status).toBe(400);
    expect(body.error).toMatch(/nested deeper than \d+/);
    const replay = await fetch(`${app.url}/api/v1/dead-letters/${body.deadLetter}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { result: string }).result).toMatch(/^still invalid: .*nested deeper/);
  });

  it.each([
    ['PUT', '/api/v1/boards/deep'],
    ['PUT', '/api/v1/settings/general'],
    ['PUT', '/api/v1/webhook-sources/deep'],
    ['PUT', '/api/v1/pbx-connections/deep'],
    ['POST', '/api/v1/login'],
  ])('%s %s gets a 400 naming the depth', async (method, path) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      // 8,000 deep is 16 KB; the login body limit is 8 KiB.
      body: path === '/api/v1/login' ? nested(4000) : deep,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/nested deeper than \d+/);
  });

  it('logged no error', () => {
    expect(errorLines()).toEqual([]);
  });
});

describe('a malformed %-escape in a path id', () => {
  const paths = [
    '/api/v1/boards/%',
    '/api/v1/boards/%E0%A4%A',
    '/api/v1/pbx-connections/%',
    '/api/v1/webhook-sources/%',
    '/api/v1/webhook-sources/%/rotate',
    '/api/v1/webhook-sources/%/test',
    '/api/v1/settings/queues/%',
    '/api/v1/dead-letters/%',
    '/api/v1/users/%',
    '/api/v1/displays/%',
    '/api/webhooks/3cx/%',
  ];
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const cases = paths.flatMap((path) => methods.map((method) => [method, path] as const));

  it.each(cases)('%s %s, signed out → 400 JSON', async (method, path) => {
    const res = await fetch(`${app.url}${path}`, { method });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    if (method !== 'HEAD')
      expect(((await res.json()) as { error: string }).error).toMatch(/malformed %-escape/);
  });

  it('logged no error', () => {
    expect(errorLines()).toEqual([]);
  });
});

/** Write `text` on a raw socket and read everything until the server closes it. */
function raw(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(app.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(got));
    socket.write(text);
  });
}

describe("Node's own refusals", () => {
  it('garbage instead of HTTP → 400 with a JSON body', async () => {
    const reply = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(reply).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'bad request' });
  });

  it('headers over the limit → 431 with a JSON body', async () => {
    const reply = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'request headers too large',
    });
  });

  it('the server still answers afterwards', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
