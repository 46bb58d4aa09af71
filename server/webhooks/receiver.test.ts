import { afterEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../storage/types';
import { createWebhookReceiver } from './receiver';
import {
  captureLogger,
  type MemoryDeadLetters,
  type MemoryJournal,
  memoryDeadLetters,
  memoryJournal,
  serve,
  type TestServer,
} from './testing';
import { digestAuthorization, getChallenge, rawPost } from './testingDigest';
import type { WebhookLimits, WebhookSourceConfig } from './types';

const TOKEN = 'wh-secret-0123456789abcdef';
const OLD_TOKEN = 'wh-rotated-out-fedcba9876543210';
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const DIGEST_KEY = Buffer.alloc(32, 7);

const SOURCES: WebhookSourceConfig[] = [
  { id: 'pbx-hook', kind: 'portsip-webhook', secrets: [TOKEN, OLD_TOKEN] },
  { id: '3cx-main', kind: '3cx', secrets: [TOKEN] },
  { id: 'vs', kind: 'voipstudio', secrets: [TOKEN] },
];

interface Harness {
  readonly base: string;
  readonly journal: MemoryJournal;
  readonly letters: MemoryDeadLetters;
  readonly logs: string[];
  setNow(t: number): void;
  sources: WebhookSourceConfig[];
}

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

async function start(limits?: WebhookLimits): Promise<Harness> {
  const journal = memoryJournal();
  const letters = memoryDeadLetters();
  const { logger, lines } = captureLogger();
  let now = T0;
  const h: Harness = {
    base: '',
    journal,
    letters,
    logs: lines,
    setNow: (t) => {
      now = t;
    },
    sources: [...SOURCES],
  };
  const receiver = createWebhookReceiver({
    sources: () => h.sources,
    accept: (entry) => journal.accept(entry),
    deadLetters: letters,
    now: () => now,
    logger,
    digestKey: DIGEST_KEY,
    ...(limits ? { limits } : {}),
  });
  const server = await serve(receiver);
  servers.push(server);
  return Object.assign(h, { base: server.base });
}

const bearer = { authorization: `Bearer ${TOKEN}` };
const jsonType = { 'content-type': 'application/json' };
const CALL_START = JSON.stringify({
  event_type: 'call_start',
  call_id: 'Q0sXhDgxnowmQp1P9swHLw..',
  callee: 'sip:102@test.io',
  caller: 'sip:101@test.io',
  cdr_id: '798119942409949185',
  direction: 'ext',
  session_id: '798119942409949184',
  tenant_id: '798119491077668864',
  time: String(Math.floor(T0 / 1000) - 60),
});

async function post(base: string, path: string, body: string | Blob, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

describe('routing, method and content type', () => {
  it('does not take paths outside /api/webhooks/', async () => {
    const h = await start();
    expect((await fetch(`${h.base}/api/v1/state`)).status).toBe(418);
    expect((await fetch(`${h.base}/api/webhooksx/portsip`, { method: 'POST' })).status).toBe(418);
  });

  it('404 for an unknown kind, extra segments, or a source without secrets (disabled)', async () => {
    const h = await start();
    expect((await post(h.base, '/api/webhooks/asterisk', '{}', { ...bearer, ...jsonType })).status).toBe(404);
    expect((await post(h.base, `/api/webhooks/3cx/${TOKEN}/x`, '{}', jsonType)).status).toBe(404);
    h.sources = h.sources.map((s) => (s.kind === 'voipstudio' ? { ...s, secrets: [] } : s));
    const res = await post(h.base, '/api/webhooks/voipstudio', '{}', { ...bearer, ...jsonType });
    expect(res.status).toBe(404);
    expect(h.journal.calls).toHaveLength(0);
  });

  it('405 with Allow', async () => {
    const h = await start();
    const get = await fetch(`${h.base}/api/webhooks/portsip`, { headers: bearer });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const put = await fetch(`${h.base}/api/webhooks/3cx`, { method: 'PUT', headers: bearer, body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('415 with a JSON reason for a type the source does not send; nothing stored', async () => {
    const h = await start();
    const xml = await post(h.base, '/api/webhooks/portsip', '<x/>', {
      ...bearer,
      'content-type': 'application/xml',
    });
    expect(xml.status).toBe(415);
    expect(xml.body.error).toMatch(/unsupported Content-Type "application\/xml": send application\/json/);
    // text/plain and form are 3CX's only.
    const text = await post(h.base, '/api/webhooks/voipstudio', '{}', {
      ...bearer,
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    const form = await post(h.base, '/api/webhooks/portsip', 'a=b', {
      ...bearer,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(h.journal.calls).toHaveLength(0);
    expect(h.letters.letters).toHaveLength(0);
  });

  it('accepts +json types, charset parameters, and a missing Content-Type (JSON for PortSIP)', async () => {
    const h = await start();
    const plus = await post(h.base, '/api/webhooks/portsip', CALL_START, {
      ...bearer,
      'content-type': 'application/vnd.portsip+json; charset=UTF-8',
    });
    expect(plus.status).toBe(200);
    const res = await fetch(`${h.base}/api/webhooks/portsip`, {
      method: 'POST',
      headers: bearer,
      body: new Blob([CALL_START]), // a Blob without a type: no Content-Type header
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicate: true });
  });

  it('3CX without a Content-Type: the body decides (JSON, one recording URL, otherwise form)', async () => {
    const h = await start();
    const untyped = (text: string) => post(h.base, '/api/webhooks/3cx', new Blob([text]), bearer);
    expect((await untyped('{"Event":"ringing","User":"202","Id":"9_9-0"}')).body).toEqual({
      accepted: 2,
      duplicate: false,
    });
    expect((await untyped('event=ringing&user=203&id=9_9-0')).body).toEqual({
      accepted: 2,
      duplicate: false,
    });
    expect((await untyped('https://3cx.example/webapi/recording/9_9-1-1.mp3\n')).body).toMatchObject({
      accepted: 0,
      ignored: expect.stringMatching(/recording/),
    });
    expect(h.journal.calls.map((c) => c.raw?.contentType)).toEqual(['', '', '']);
  });
});

describe('authentication', () => {
  it('401 with Digest SHA-256, Digest MD5, Bearer and Basic challenges when credentials are missing or wrong', async () => {
    const h = await start();
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const res = await post(h.base, '/api/webhooks/portsip', CALL_START, { ...jsonType, ...headers });
      expect(res.status).toBe(401);
    }
    const raw = await rawPost(`${h.base}/api/webhooks/portsip`, CALL_START, jsonType);
    expect(raw.status).toBe(401);
    expect(raw.challenges).toHaveLength(4);
    expect(raw.challenges[0]).toMatch(
      /^Digest realm="Callboard", qop="auth", algorithm=SHA-256, nonce="[^"]+"/,
    );
    expect(raw.challenges[1]).toMatch(/^Digest realm="Callboard", qop="auth", algorithm=MD5, nonce="[^"]+"/);
    expect(raw.challenges[2]).toBe('Bearer realm="Callboard"');
    expect(raw.challenges[3]).toMatch(/^Basic realm="Callboard"/);
    expect(h.journal.calls).toHaveLength(0);
    expect(h.letters.letters).toHaveLength(0);
  });

  it('Bearer, Basic with any username, the path token and ?token= are each enough', async () => {
    const h = await start();
    const basic = `Basic ${Buffer.from(`whoever:${TOKEN}`).toString('base64')}`;
    const cases: [string, Record<string, string>][] = [
      ['/api/webhooks/portsip', bearer],
      ['/api/webhooks/portsip', { authorization: basic }],
      [`/api/webhooks/portsip/${TOKEN}`, {}],
      [`/api/webhooks/portsip?token=${TOKEN}`, {}],
      ['/api/webhooks/portsip', { authorization: `Bearer ${OLD_TOKEN}` }], // rotated out, still valid
      ['/api/webhooks/portsip', { authorization: TOKEN }], // no scheme at all
      ['/api/webhooks/PortSIP/', bearer], // kind case-insensitive, trailing slash
    ];
    for (const [path, headers] of cases) {
      const res = await post(h.base, path, CALL_START, { ...jsonType, ...headers });
      expect(res.status, path).toBe(200);
    }
    expect(h.journal.calls).toHaveLength(7);
    expect(h.journal.calls.every((c) => c.source === 'pbx-hook' && c.kind === 'portsip-webhook')).toBe(true);
  });

  it('wrong secrets in any form are refused and nothing is stored', async () => {
    const h = await start();
    const wrong = 'wh-secret-0123456789abcdeX';
    const cases: [string, Record<string, string>][] = [
      ['/api/webhooks/portsip', { authorization: `Bearer ${wrong}` }],
      ['/api/webhooks/portsip', { authorization: `Basic ${Buffer.from(`u:${wrong}`).toString('base64')}` }],
      ['/api/webhooks/portsip', { authorization: `Basic ${Buffer.from(TOKEN).toString('base64')}` }], // no colon
      [`/api/webhooks/portsip/${wrong}`, {}],
      [`/api/webhooks/portsip?token=${wrong}`, {}],
      [`/api/webhooks/portsip?token=${TOKEN.slice(0, -1)}`, {}], // a prefix is not the secret
      ['/api/webhooks/portsip', { authorization: `Bearer ${TOKEN}x` }],
      ['/api/webhooks/portsip', { authorization: `Token ${TOKEN}` }], // unknown scheme
      ['/api/webhooks/portsip', { authorization: `${TOKEN}x` }],
    ];
    for (const [path, headers] of cases) {
      const res = await post(h.base, path, CALL_START, { ...jsonType, ...headers });
      expect(res.status, path).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(TOKEN); // reasons never echo what was sent
    }
    expect(h.journal.calls).toHaveLength(0);
  });

  it('a secret of another kind does not open this kind; with two sources of one kind the secret picks the source', async () => {
    const h = await start();
    h.sources = [
      { id: 'pbx-hook', kind: 'portsip-webhook', secrets: ['portsip-only-secret'] },
      { id: '3cx-a', kind: '3cx', secrets: ['site-a-secret'] },
      { id: '3cx-b', kind: '3cx', secrets: ['site-b-secret'] },
    ];
    expect((await post(h.base, '/api/webhooks/portsip/site-a-secret', CALL_START, jsonType)).status).toBe(
      401,
    );
    const form = 'event=ringing&callerid=1&user=202&usertype=ext&id=1_1-0';
    const formType = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post(h.base, '/api/webhooks/3cx/site-b-secret', form, formType)).status).toBe(200);
    expect(h.journal.calls[0]?.source).toBe('3cx-b');
    expect(h.journal.calls[0]?.events.every((e) => e.source === '3cx-b')).toBe(true);
  });
});

describe('Digest (RFC 7616)', () => {
  for (const algorithm of ['SHA-256', 'MD5'] as const) {
    it(`challenge → response round trip with ${algorithm}`, async () => {
      const h = await start();
      const path = '/api/webhooks/portsip';
      const challenge = await getChallenge(h.base, path, algorithm);
      expect(challenge.get('realm')).toBe('Callboard');
      expect(challenge.get('qop')).toBe('auth');
      const authorization = digestAuthorization({
        algorithm,
        challenge,
        method: 'POST',
        uri: path,
        password: TOKEN,
      });
      const res = await post(h.base, path, CALL_START, { ...jsonType, authorization });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: 1, duplicate: false });
    });
  }

  it('a rotated-out secret, any username, and a query string in the uri', async () => {
    const h = await start();
    const path = '/api/webhooks/portsip?x=1';
    const challenge = await getChallenge(h.base, path, 'SHA-256');
    const authorization = digestAuthorization({
      algorithm: 'SHA-256',
      challenge,
      method: 'POST',
      uri: path,
      password: OLD_TOKEN,
      username: 'portsip pbx',
    });
    expect((await post(h.base, path, CALL_START, { ...jsonType, authorization })).status).toBe(200);
  });

  it('a nonce older than 5 minutes is stale: 401 with stale=true, not counted as a failure', async () => {
    const h = await start({ authFailuresPerMinute: 1 });
    const path = '/api/webhooks/portsip';
    const challenge = await getChallenge(h.base, path, 'SHA-256');
    h.setNow(T0 + 5 * 60_000 + 1000);
    for (let i = 0; i < 3; i++) {
      const authorization = digestAuthorization({
        algorithm: 'SHA-256',
        challenge,
        method: 'POST',
        uri: path,
        password: TOKEN,
      });
      const raw = await rawPost(`${h.base}${path}`, CALL_START, { ...jsonType, authorization });
      expect(raw.status).toBe(401);
      expect(raw.challenges[0]).toMatch(/stale=true/);
      expect(raw.challenges[1]).toMatch(/stale=true/);
    }
    // Retrying with the fresh nonce works (the stale answers above did not get the client blocked).
    const fresh = await getChallenge(h.base, path, 'SHA-256');
    const authorization = digestAuthorization({
      algorithm: 'SHA-256',
      challenge: fresh,
      method: 'POST',
      uri: path,
      password: TOKEN,
    });
    expect((await post(h.base, path, CALL_START, { ...jsonType, authorization })).status).toBe(200);
    expect(h.journal.calls).toHaveLength(1);
  });

  it('wrong password, tampered uri, forged nonce, wrong realm, userhash=true and qop=auth-int are refused', async () => {
    const h = await start();
    const path = '/api/webhooks/portsip';
    const challenge = await getChallenge(h.base, path, 'SHA-256');
    const base = { algorithm: 'SHA-256' as const, challenge, method: 'POST', uri: path, password: TOKEN };
    const forged = new Map(challenge);
    forged.set('nonce', `${T0}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    const otherRealm = new Map(challenge);
    otherRealm.set('realm', 'Elsewhere');
    const bad = [
      digestAuthorization({ ...base, password: 'not-the-secret' }),
      digestAuthorization({ ...base, uri: '/api/webhooks/voipstudio' }), // signed for another resource
      digestAuthorization({ ...base, challenge: forged }),
      digestAuthorization({ ...base, challenge: otherRealm }),
      digestAuthorization({ ...base, extra: ', userhash=true' }),
      digestAuthorization({ ...base, qop: 'auth-int' }),
    ];
    for (const authorization of bad) {
      const raw = await rawPost(`${h.base}${path}`, CALL_START, { ...jsonType, authorization });
      expect(raw.status, authorization).toBe(401);
      expect(raw.challenges[0]).not.toMatch(/stale=true/);
    }
    expect(h.journal.calls).toHaveLength(0);
  });
});

describe('rate limit on failed authentications', () => {
  it('429 with Retry-After after N failures per IP, before credentials are checked', async () => {
    const h = await start({ authFailuresPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await post(h.base, '/api/webhooks/portsip', CALL_START, {
            ...jsonType,
            authorization: 'Bearer wrong',
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.body.error).toMatch(/too many/);
    expect(h.journal.calls).toHaveLength(0);
  });

  it('successful requests and requests without credentials (a Digest client asking for a challenge) are not counted', async () => {
    const h = await start({ authFailuresPerMinute: 2 });
    for (let i = 0; i < 5; i++) {
      expect(
        (await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).status,
      ).toBe(200);
      expect((await post(h.base, '/api/webhooks/portsip', CALL_START, jsonType)).status).toBe(401);
    }
  });
});

describe('body size', () => {
  const big = `{"pad":"${'x'.repeat(65536 + 1 - 10)}"}`;

  it('is 65 KiB + 1 byte: exactly one over the limit', () => {
    expect(Buffer.byteLength(big)).toBe(65537);
  });

  it('413 on Content-Length up front; accept not called; dead letter without the body', async () => {
    const h = await start();
    const res = await post(h.base, `/api/webhooks/voipstudio/${TOKEN}`, big, jsonType);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('body over 65536 bytes');
    expect(h.journal.calls).toHaveLength(0);
    expect(h.letters.letters).toMatchObject([{ status: 413, body: '', source: 'vs', method: 'POST' }]);
    expect(JSON.stringify(h.letters.letters)).not.toContain(TOKEN);
    // The connection and the server carry on.
    expect((await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).status).toBe(
      200,
    );
  });

  it('413 on a chunked body, counted while streaming', async () => {
    const h = await start();
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const res = await fetch(`${h.base}/api/webhooks/portsip`, {
      method: 'POST',
      headers: { ...bearer, ...jsonType },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'body over 65536 bytes', deadLetter: 1 });
    expect(h.journal.calls).toHaveLength(0);
    expect((await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).status).toBe(
      200,
    );
  });

  it('a body of exactly the limit is read', async () => {
    const h = await start();
    const exact = `{"pad":"${'x'.repeat(65536 - 10)}"}`;
    const res = await post(h.base, '/api/webhooks/portsip', exact, { ...bearer, ...jsonType });
    expect(res.status).toBe(422); // read and parsed: a JSON object without event_type
  });
});

describe('rejected payloads', () => {
  it('malformed JSON → 400 naming the position; dead letter with the raw body and every secret redacted', async () => {
    const h = await start();
    const body = '{"event_name": "call.ringing",\n  "call_id": 1 2}';
    const res = await post(h.base, `/api/webhooks/voipstudio/${TOKEN}?token=${TOKEN}&x=1`, body, {
      ...jsonType,
      authorization: `Bearer ${TOKEN}`,
      cookie: `session=${TOKEN}`,
      'x-api-token': TOKEN,
      referer: `https://pbx.example/hooks?token=${TOKEN}`,
      'user-agent': 'VoIPstudio-Webhooks/1.0',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^invalid JSON: .*position \d+ \(line 2, column \d+\)/);
    const letter = h.letters.letters[0];
    expect(letter).toMatchObject({
      source: 'vs',
      kind: 'voipstudio',
      receivedAt: T0,
      status: 400,
      reason: res.body.error,
      method: 'POST',
      url: '/api/webhooks/voipstudio/[secret]?token=[secret]&x=1',
      contentType: 'application/json',
      body,
    });
    expect(letter?.headers).toMatchObject({
      authorization: '[secret]',
      cookie: '[secret]',
      'x-api-token': '[secret]',
      referer: '[secret]',
      'user-agent': 'VoIPstudio-Webhooks/1.0',
    });
    expect(JSON.stringify(h.letters.letters)).not.toContain(TOKEN);
    expect(res.body.deadLetter).toBe(1);
    expect(h.journal.calls).toHaveLength(0);
  });

  it('parsed but unusable → 422 with the reason and a dead letter', async () => {
    const h = await start();
    const res = await post(h.base, '/api/webhooks/voipstudio', '{"event_name":"call.ringing"}', {
      ...bearer,
      ...jsonType,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe(h.letters.letters[0]?.reason);
    const empty = await post(h.base, '/api/webhooks/portsip', '  ', { ...bearer, ...jsonType });
    expect(empty).toMatchObject({ status: 400, body: { error: 'empty body' } });
  });

  it('an implausible PBX time (from tomorrow) is a 422', async () => {
    const h = await start();
    const tomorrow = CALL_START.replace(/"time":"\d+"/, `"time":"${Math.floor(T0 / 1000) + 86_400}"`);
    const res = await post(h.base, '/api/webhooks/portsip', tomorrow, { ...bearer, ...jsonType });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/h from its arrival/);
  });

  it('dead-letter warnings: one line per source per minute, then one counting those held back', async () => {
    const h = await start({ maxBodyBytes: 1024 });
    const rejected = () =>
      h.logs
        .map((l) => JSON.parse(l) as { msg: string; source: string; suppressed?: number })
        .filter((l) => l.msg === 'webhook rejected' || l.msg === 'webhook refused: body too large');
    const invalid = () => post(h.base, '/api/webhooks/portsip', '{"event_type":', { ...bearer, ...jsonType });
    for (let i = 0; i < 30; i++) expect((await invalid()).status).toBe(400);
    for (let i = 0; i < 5; i++)
      expect(
        (await post(h.base, '/api/webhooks/portsip', 'x'.repeat(2000), { ...bearer, ...jsonType })).status,
      ).toBe(413);
    // Another source has its own minute.
    expect((await post(h.base, '/api/webhooks/voipstudio', '[', { ...bearer, ...jsonType })).status).toBe(
      400,
    );
    expect(h.letters.letters).toHaveLength(36); // every one kept
    expect(rejected().map((l) => [l.source, l.suppressed])).toEqual([
      ['pbx-hook', undefined],
      ['vs', undefined],
    ]);
    h.setNow(T0 + 59_999);
    await invalid();
    expect(rejected()).toHaveLength(2);
    h.setNow(T0 + 60_000);
    await invalid();
    expect(rejected().map((l) => [l.source, l.suppressed])).toEqual([
      ['pbx-hook', undefined],
      ['vs', undefined],
      ['pbx-hook', 35],
    ]);
  });

  it('no secret and no whole body in any log line', async () => {
    const h = await start();
    const long = `{"event_type":"call_start","x":"${'y'.repeat(1000)}"`;
    await post(h.base, `/api/webhooks/portsip/${TOKEN}`, long, jsonType);
    await post(h.base, `/api/webhooks/portsip?token=${TOKEN}`, CALL_START, jsonType);
    await post(h.base, '/api/webhooks/portsip', CALL_START, { authorization: `Bearer ${TOKEN}-wrong` });
    const logs = h.logs.join('\n');
    expect(logs).toContain('webhook rejected');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('y'.repeat(300));
  });
});

describe('idempotency and storage', () => {
  it('the same event twice: both 200, the second a duplicate with the same key', async () => {
    const h = await start();
    const first = await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType });
    // Re-sent with other whitespace and key order: the same fact.
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(CALL_START)).reverse()),
      null,
      2,
    );
    const second = await post(h.base, '/api/webhooks/portsip', reordered, { ...bearer, ...jsonType });
    expect(first).toMatchObject({ status: 200, body: { accepted: 1, duplicate: false } });
    expect(second).toMatchObject({ status: 200, body: { accepted: 1, duplicate: true } });
    const [a, b] = h.journal.calls;
    expect(a?.dedupeKey).toMatch(/^[0-9a-f]{64}$/);
    expect(b?.dedupeKey).toBe(a?.dedupeKey);
    expect(h.journal.stored).toHaveLength(1);
    expect(a?.raw).toEqual({ contentType: 'application/json', body: CALL_START });
  });

  it('the same 3CX event as JSON, as form, as a GET query, arriving at other times: one key', async () => {
    const h = await start();
    const json =
      '{ "Event": "ringing", "Callerid": "+420774852629", "User": "202", "Usertype": "ext", "Did": "", "Id": "230307114903_10-0" }';
    const formBody = 'event=ringing&callerid=+420774852629&user=202&usertype=ext&did=&id=230307114903_10-0';
    const r1 = await post(h.base, '/api/webhooks/3cx', json, { ...bearer, ...jsonType });
    h.setNow(T0 + 7000);
    const r2 = await post(h.base, `/api/webhooks/3cx/${TOKEN}`, formBody, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    h.setNow(T0 + 9000);
    const r3 = await fetch(`${h.base}/api/webhooks/3cx?${formBody.replace('did=&', `did=&token=${TOKEN}&`)}`);
    const spaced = `{\n"Id":"230307114903_10-0",\n "Usertype" : "ext","User":"202","Did":"","Callerid":"+420774852629","Event":"ringing"}`;
    // No Content-Type at all (a Blob without a type): sniffed as JSON.
    const r4 = await post(h.base, '/api/webhooks/3cx', new Blob([spaced]), bearer);
    expect(r1.body).toEqual({ accepted: 2, duplicate: false });
    expect(r2.body).toEqual({ accepted: 2, duplicate: true });
    expect(await r3.json()).toEqual({ accepted: 2, duplicate: true });
    expect(r4.body).toEqual({ accepted: 2, duplicate: true });
    const keys = new Set(h.journal.calls.map((c) => c.dedupeKey));
    expect(keys.size).toBe(1);
    // The GET's journaled body is its query without our token; the '+' is the caller id's.
    expect(h.journal.calls[2]?.raw?.body).toBe(formBody);
    expect(h.journal.calls[2]?.raw?.body).not.toContain(TOKEN);
    expect(h.journal.calls[0]?.events[0]).toMatchObject({
      type: 'callStarted',
      parties: { caller: '+420774852629' },
    });
  });

  it('payloads with no events are journaled without a key and answered with the reason', async () => {
    const h = await start();
    const res = await post(h.base, '/api/webhooks/3cx', 'https://3cx.example:5001/webapi/recording/1.mp3', {
      ...bearer,
      'content-type': 'text/plain',
    });
    expect(res).toMatchObject({
      status: 200,
      body: { accepted: 0, duplicate: false, ignored: expect.any(String) },
    });
    expect(h.journal.calls[0]?.dedupeKey).toBeUndefined();
  });

  it('storage unavailable → 503 with Retry-After, never 2xx, no dead letter', async () => {
    const h = await start();
    h.journal.failWith = new StorageUnavailableError('database is locked');
    const res = await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.error).toMatch(/storage unavailable/);
    h.journal.failWith = new Error('SQLITE_IOERR');
    expect((await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).status).toBe(
      503,
    );
    expect(h.letters.letters).toHaveLength(0);
    // Back up: the retry is accepted.
    h.journal.failWith = null;
    expect(
      (await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).body,
    ).toEqual({
      accepted: 1,
      duplicate: false,
    });
  });

  it('a rejected payload whose dead letter cannot be stored → 503 (the sender retries), not a 4xx', async () => {
    const h = await start();
    h.letters.down = true;
    const res = await post(h.base, '/api/webhooks/portsip', '{"x":', { ...bearer, ...jsonType });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
  });
});

describe('unexpected errors', () => {
  it('→ 500 and a log line, never a crash; the next request is served', async () => {
    const h = await start();
    h.sources = null as unknown as WebhookSourceConfig[]; // settings broken: sources() misbehaves
    const res = await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType });
    expect(res).toMatchObject({ status: 500, body: { error: 'internal error' } });
    expect(h.logs.join('\n')).toContain('webhook failed');
    h.sources = [...SOURCES];
    expect((await post(h.base, '/api/webhooks/portsip', CALL_START, { ...bearer, ...jsonType })).status).toBe(
      200,
    );
  });
});
