import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from '../hub/hub';
import { createApi } from './api';
import type { QueueScope } from './guard';
import { createRouter } from './router';

const NOW = Date.UTC(2026, 2, 10, 12);
let server: Server;

/** Test scopes by header: "all", one queue's list, or refused; the real mapping is server/http/guard.ts. */
async function scopeByHeader(req: IncomingMessage): Promise<QueueScope | null> {
  const h = req.headers.authorization;
  if (h === 'Bearer everything') return 'all';
  if (h === 'Bearer only-8002') return ['t/8002'];
  return null;
}

async function serve(open: boolean, ready = true) {
  let now = NOW;
  const hub = createHub({ settings: TEST_SETTINGS, now: () => now, epoch: 'e', windowMs: 1 });
  const api = createApi({
    snapshot: hub.snapshot,
    now: () => now,
    scope: open ? async () => 'all' : scopeByHeader,
    ready: () => ready,
    instance: 'node-a:7',
  });
  const route = createRouter(api);
  server = createServer((req, res) => {
    void Promise.resolve(route(req, res)).then((taken) => {
      if (!taken) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const setNow = (t: number) => {
    now = t;
  };
  return { hub, base, setNow };
}

afterEach(() => new Promise<void>((r) => server.close(() => r())));

const queued: DomainEvent = {
  type: 'callerQueued',
  source: 'pbx',
  origin: 'portsip-wsi',
  tenant: 't',
  at: NOW - 30_000,
  queue: { tenant: 't', number: '8001' },
  caller: { sessionId: 's1', caller: '0770', kind: 'normal', since: NOW - 30_000 },
};

describe('read API', () => {
  it('returns the published state with longest waits as of the request', async () => {
    const { hub, base, setNow } = await serve(true);
    hub.ingest([queued]);
    hub.flush();
    setNow(NOW + 10_000);
    const res = await fetch(`${base}/api/v1/state`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ seq: 1, serverTime: NOW + 10_000 });
    expect(body.queues[0]).toMatchObject({
      id: 't/8001',
      number: '8001',
      waiting: [{ sessionId: 's1', caller: '0770', since: NOW - 30_000, kind: 'normal' }],
      today: { offered: 1, longestWaitSeconds: 40, serviceLevel: null },
    });
  });

  it('refuses a caller with no scope, and filters the state to the caller’s scope', async () => {
    const { hub, base } = await serve(false);
    hub.ingest([
      queued,
      {
        ...queued,
        queue: { tenant: 't', number: '8002' },
        caller: { ...queued.caller, sessionId: 's2', caller: '0999' },
      },
    ]);
    hub.flush();
    const refused = await fetch(`${base}/api/v1/state`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    const all = await (
      await fetch(`${base}/api/v1/state`, { headers: { authorization: 'Bearer everything' } })
    ).json();
    expect(all.queues.map((q: { id: string }) => q.id).sort()).toEqual(['t/8001', 't/8002']);
    const scoped = await fetch(`${base}/api/v1/state`, { headers: { authorization: 'Bearer only-8002' } });
    const text = await scoped.text();
    expect(JSON.parse(text).queues.map((q: { id: string }) => q.id)).toEqual(['t/8002']);
    expect(text).not.toContain('0770'); // the other queue's caller
  });

  it('answers health (naming this instance) and readiness, and leaves other paths to the page handler', async () => {
    const { base } = await serve(true, false);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, instance: 'node-a:7' });
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/boards/1`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/state`, { method: 'POST' })).status).toBe(405);
  });
});
