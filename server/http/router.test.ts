import { afterEach, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '../webhooks/testing';
import { createRouter, type Route } from './router';

/** The route table's own rules, over real HTTP on loopback: decode once, 400/405/401 before handlers. */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const seen: string[] = [];
const echo: Route['handle'] = (req, res, params) => {
  seen.push(`${req.method} ${JSON.stringify(params)}`);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(params));
};
const routes: Route[] = [
  { method: 'GET', path: '/api/things', handle: echo },
  { method: 'POST', path: '/api/things/new', handle: echo },
  { method: 'GET', path: '/api/things/:id', handle: echo },
  {
    method: 'DELETE',
    path: '/api/things/:id',
    allow: (req) =>
      req.headers.authorization ? { ok: true } : { ok: false, status: 401, error: 'log in first' },
    handle: echo,
  },
  { method: 'PUT', path: '/api/keys/*key', handle: echo },
];

async function start() {
  seen.length = 0;
  server = await serve(createRouter(routes, { owned: ['/api/'] }));
  return (path: string, init: RequestInit = {}) => fetch(`${server?.base}${path}`, init);
}

describe('createRouter', () => {
  it('hands the handler its parameters percent-decoded', async () => {
    const call = await start();
    expect(await (await call('/api/things/a%20b%2Fc')).json()).toEqual({ id: 'a b/c' });
    expect(await (await call('/api/keys/t1%2F8001', { method: 'PUT' })).json()).toEqual({ key: 't1/8001' });
    // A rest parameter takes every later segment.
    expect(await (await call('/api/keys/t1/80%2001', { method: 'PUT' })).json()).toEqual({ key: 't1/80 01' });
  });

  it('a literal path comes before a parameter one listed after it', async () => {
    const call = await start();
    expect((await call('/api/things/new', { method: 'POST' })).status).toBe(200);
    const get = await call('/api/things/new');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('a malformed escape is a 400 for every method, before the method, permission or handler', async () => {
    const call = await start();
    for (const method of ['GET', 'DELETE', 'PATCH'])
      for (const path of ['/api/things/%', '/api/things/%E0%A4%A', '/api/things/%zz'])
        expect(await (await call(path, { method })).json()).toEqual({
          error: 'malformed %-escape in the path',
        });
    expect(seen).toEqual([]);
  });

  it('405 with Allow (HEAD beside GET), then the permission (401 with a Bearer challenge)', async () => {
    const call = await start();
    const put = await call('/api/things/7', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, DELETE');
    expect((await call('/api/things/7', { method: 'HEAD' })).status).toBe(200);
    const del = await call('/api/things/7', { method: 'DELETE' });
    expect(del.status).toBe(401);
    expect(del.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call('/api/things/7', { method: 'DELETE', headers: { authorization: 'x' } })).status).toBe(
      200,
    );
    expect(seen).toEqual(['HEAD {"id":"7"}', 'DELETE {"id":"7"}']);
  });

  it('an owned prefix answers 404 JSON; other paths are left to the caller; one trailing slash is ignored', async () => {
    const call = await start();
    const missing = await call('/api/things/7/more');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no such route' });
    expect((await call('/boards/%')).status).toBe(418);
    expect((await call('/api/things/')).status).toBe(200);
  });
});
