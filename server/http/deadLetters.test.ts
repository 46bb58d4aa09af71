import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../../lib/testing/support';
import { type DeadLetterInput, StorageUnavailableError } from '../storage/types';
import { replayDeadLetter } from '../webhooks';
import { memoryDeadLetters, memoryJournal, serve, type TestServer } from '../webhooks/testing';
import { createDeadLetterApi } from './deadLetters';
import { createRouter } from './router';

const ADMIN = 'admin-token-0123456789';
const REPLAYED_AT = Date.UTC(2026, 2, 11, 8);
const CDR_AT = 1679476900_000;
const printedCdr = fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json');
const repairedCdr = printedCdr.replace('"trunk_name":"AudioCodes"\n', '"trunk_name":"AudioCodes",\n');

function letter(over: Partial<DeadLetterInput> = {}): DeadLetterInput {
  return {
    source: 'portsip',
    kind: 'portsip-webhook',
    receivedAt: CDR_AT,
    status: 400,
    reason: 'invalid JSON: …',
    method: 'POST',
    url: '/api/webhooks/portsip/[secret]',
    headers: { 'content-type': 'application/json', authorization: '[secret]' },
    contentType: 'application/json',
    body: printedCdr,
    ...over,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const deadLetters = memoryDeadLetters();
  const journal = memoryJournal();
  const api = createDeadLetterApi({
    deadLetters,
    replay: (l) =>
      replayDeadLetter(l, { accept: (e) => journal.accept(e), logger: pino({ level: 'silent' }) }),
    authorize: async (req) =>
      req.headers.authorization === `Bearer ${ADMIN}`
        ? { ok: true }
        : { ok: false, status: 401, error: 'log in, or use a display or API token' },
    now: () => REPLAYED_AT,
  });
  // Paths under the prefix that no route takes are 404s, as in the server (which owns /api/).
  server = await serve(createRouter(api, { owned: ['/api/v1/dead-letters/'] }));
  const base = server.base;
  const call = async (path: string, init: RequestInit = {}, auth = true) => {
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers: auth ? { authorization: `Bearer ${ADMIN}` } : {},
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return { deadLetters, journal, call };
}

describe('dead-letter API', () => {
  it('401 without the admin token, on every route, before anything is looked up', async () => {
    const { call, deadLetters } = await start();
    await deadLetters.add(letter());
    for (const [path, method] of [
      ['/api/v1/dead-letters', 'GET'],
      ['/api/v1/dead-letters/1', 'GET'],
      ['/api/v1/dead-letters/1/replay', 'POST'],
      ['/api/v1/dead-letters/999', 'GET'],
    ] as const) {
      const res = await call(path, { method }, false);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(deadLetters.letters[0]?.replayedAt).toBeNull();
  });

  it('does not take other paths', async () => {
    const { call } = await start();
    expect((await call('/api/v1/dead-lettersx')).status).toBe(418);
    expect((await call('/api/v1/state')).status).toBe(418);
  });

  it('lists newest first, without headers and bodies, paged with limit/before, filtered by source', async () => {
    const { call, deadLetters } = await start();
    for (let i = 0; i < 5; i++)
      await deadLetters.add(
        letter({
          source: i % 2 === 0 ? 'portsip' : '3cx-main',
          kind: i % 2 === 0 ? 'portsip-webhook' : '3cx',
        }),
      );
    const page1 = await call('/api/v1/dead-letters?limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((l: { id: number }) => l.id)).toEqual([5, 4]);
    expect(page1.body.nextBefore).toBe(4);
    expect(page1.body.items[0]).not.toHaveProperty('body');
    expect(page1.body.items[0]).not.toHaveProperty('headers');
    expect(page1.body.items[0]).toMatchObject({
      status: 400,
      bodyLength: printedCdr.length,
      replayedAt: null,
    });
    const page2 = await call('/api/v1/dead-letters?limit=2&before=4');
    expect(page2.body.items.map((l: { id: number }) => l.id)).toEqual([3, 2]);
    const only3cx = await call('/api/v1/dead-letters?source=3cx-main');
    expect(only3cx.body).toMatchObject({ items: [{ id: 4 }, { id: 2 }], nextBefore: null });
    expect((await call('/api/v1/dead-letters/')).body.items).toHaveLength(5);
  });

  it('400 for a bad limit or before', async () => {
    const { call } = await start();
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'before=-1', 'before=0', 'before=1.5']) {
      expect((await call(`/api/v1/dead-letters?${q}`)).status, q).toBe(400);
    }
  });

  it('gets one letter whole; 404 for an unknown or malformed id; 405 with Allow', async () => {
    const { call, deadLetters } = await start();
    await deadLetters.add(letter());
    const one = await call('/api/v1/dead-letters/1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 1, body: printedCdr, headers: { authorization: '[secret]' } });
    expect((await call('/api/v1/dead-letters/2')).status).toBe(404);
    expect((await call('/api/v1/dead-letters/abc')).status).toBe(404);
    expect((await call('/api/v1/dead-letters/1/other', { method: 'POST' })).status).toBe(404);
    const del = await call('/api/v1/dead-letters/1', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    const getReplay = await call('/api/v1/dead-letters/1/replay');
    expect(getReplay.status).toBe(405);
    expect(getReplay.headers.get('allow')).toBe('POST');
  });

  it('replays: still invalid, then (after the sender fixed it) accepted, then duplicate; each result recorded', async () => {
    const { call, deadLetters, journal } = await start();
    await deadLetters.add(letter());
    const invalid = await call('/api/v1/dead-letters/1/replay', { method: 'POST' });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toEqual({
      id: 1,
      result: expect.stringMatching(/^still invalid: invalid JSON: .*line 23, column 4/),
      replayedAt: REPLAYED_AT,
    });
    expect(await deadLetters.get(1)).toMatchObject({
      replayedAt: REPLAYED_AT,
      replayResult: invalid.body.result,
    });
    expect(journal.calls).toHaveLength(0);

    await deadLetters.add(letter({ body: repairedCdr }));
    const accepted = await call('/api/v1/dead-letters/2/replay', { method: 'POST' });
    expect(accepted.body.result).toBe('accepted 1 event'); // one CDR fact
    // Replayed with its original arrival time (the PBX times are checked against it) and source.
    expect(journal.calls[0]).toMatchObject({
      source: 'portsip',
      kind: 'portsip-webhook',
      receivedAt: CDR_AT,
    });
    expect(journal.calls[0]?.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    const again = await call('/api/v1/dead-letters/2/replay', { method: 'POST' });
    expect(again.body.result).toBe('duplicate');
    expect((await deadLetters.get(2))?.replayResult).toBe('duplicate');
  });

  it('replays a 3CX GET letter (its query is the form body) and refuses a 413 letter, whose body was not kept', async () => {
    const { call, deadLetters } = await start();
    await deadLetters.add(
      letter({
        source: '3cx-main',
        kind: '3cx',
        method: 'GET',
        contentType: 'application/x-www-form-urlencoded',
        body: 'event=ringing&callerid=+420774852629&user=102&usertype=ext&id=230102104542_15-0',
        status: 422,
      }),
    );
    await deadLetters.add(letter({ status: 413, body: '', reason: 'body over 65536 bytes' }));
    expect((await call('/api/v1/dead-letters/1/replay', { method: 'POST' })).body.result).toBe(
      'accepted 2 events',
    );
    expect((await call('/api/v1/dead-letters/2/replay', { method: 'POST' })).body.result).toMatch(
      /^cannot replay/,
    );
  });

  it('503 with Retry-After when storage is down during a replay; nothing recorded', async () => {
    const { call, deadLetters, journal } = await start();
    await deadLetters.add(letter({ body: repairedCdr }));
    journal.failWith = new StorageUnavailableError('database is locked');
    const res = await call('/api/v1/dead-letters/1/replay', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await deadLetters.get(1))?.replayedAt).toBeNull();
  });
});
