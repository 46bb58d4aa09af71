import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver } from './receiver';
import {
  captureLogger,
  type MemoryJournal,
  memoryDeadLetters,
  memoryJournal,
  serve,
  type TestServer,
} from './testing';
import { digestAuthorization, getChallenge, rawPost } from './testingDigest';
import type { WebhookSourceConfig } from './types';

/**
 * The edges of webhook authentication over real HTTP: whose failures the limiter counts behind a
 * trusted proxy, and that a captured Digest header cannot be sent again (issue #13, part 4).
 */
const TOKEN = 'wh-secret-0123456789abcdef';
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const SOURCES: WebhookSourceConfig[] = [{ id: 'pbx-hook', kind: 'portsip-webhook', secrets: [TOKEN] }];
const PATH = '/api/webhooks/portsip';

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

async function start(o: { trustProxy?: boolean; authFailuresPerMinute?: number } = {}) {
  const journal: MemoryJournal = memoryJournal();
  const receiver = createWebhookReceiver({
    sources: () => SOURCES,
    accept: (entry) => journal.accept(entry),
    deadLetters: memoryDeadLetters(),
    now: () => T0, // frozen: two challenges in one millisecond must still differ
    logger: captureLogger().logger,
    digestKey: Buffer.alloc(32, 9),
    limits: { authFailuresPerMinute: o.authFailuresPerMinute ?? 20 },
    ...(o.trustProxy === undefined ? {} : { trustProxy: o.trustProxy }),
  });
  const server = await serve(receiver);
  servers.push(server);
  return { base: server.base, journal };
}

const callStart = (callId: string) =>
  JSON.stringify({
    event_type: 'call_start',
    call_id: callId,
    callee: 'sip:102@test.io',
    caller: 'sip:101@test.io',
    cdr_id: '798119942409949185',
    direction: 'ext',
    session_id: `s-${callId}`,
    tenant_id: '798119491077668864',
    time: String(Math.floor(T0 / 1000) - 60),
  });

async function post(base: string, headers: Record<string, string>, body = callStart('c1')) {
  const res = await fetch(`${base}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return res.status;
}

const wrong = { authorization: 'Bearer not-the-secret' };
const right = { authorization: `Bearer ${TOKEN}` };
const via = (chain: string) => ({ 'x-forwarded-for': chain });

describe('failed-authentication limit behind a trusted proxy', () => {
  it('counts the address the proxy reports: one guesser does not block the other PBXs', async () => {
    const h = await start({ trustProxy: true, authFailuresPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect(await post(h.base, { ...wrong, ...via('203.0.113.9') })).toBe(401);
    expect(await post(h.base, { ...wrong, ...via('203.0.113.9') })).toBe(429);
    // Every connection comes from the proxy (127.0.0.1 here); other clients are not locked out.
    expect(await post(h.base, { ...right, ...via('198.51.100.7') })).toBe(200);
    expect(await post(h.base, { ...right, ...via('198.51.100.8') })).toBe(200);
    expect(await post(h.base, { ...wrong, ...via('198.51.100.8') })).toBe(401);
    // The guesser stays blocked, whatever it writes left of the proxy's entry.
    expect(await post(h.base, { ...right, ...via('198.51.100.7, 203.0.113.9') })).toBe(429);
    expect(await post(h.base, right)).toBe(200); // no forwarded header: the socket's address
  });

  it('without TRUST_PROXY a forwarded header is the client’s own claim: it cannot dodge the count', async () => {
    const h = await start({ authFailuresPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect(await post(h.base, { ...wrong, ...via(`192.0.2.${i}`) })).toBe(401);
    expect(await post(h.base, { ...right, ...via('192.0.2.200') })).toBe(429);
  });
});

describe('Digest replays (qop=auth does not sign the body)', () => {
  it('a captured Authorization header sent again with another body is refused (stale); nc must rise', async () => {
    const h = await start({ authFailuresPerMinute: 1 });
    const challenge = await getChallenge(h.base, PATH, 'SHA-256');
    const header = (nc: string) =>
      digestAuthorization({
        algorithm: 'SHA-256',
        challenge,
        method: 'POST',
        uri: PATH,
        password: TOKEN,
        nc,
      });
    const send = (nc: string, callId: string) =>
      rawPost(`${h.base}${PATH}`, callStart(callId), {
        'content-type': 'application/json',
        authorization: header(nc),
      });

    expect((await send('00000001', 'first')).status).toBe(200);
    const replay = await send('00000001', 'forged');
    expect(replay.status).toBe(401);
    expect(replay.challenges[0]).toMatch(/stale=true/);
    expect((await send('00000002', 'second')).status).toBe(200);
    expect((await send('00000002', 'forged-2')).status).toBe(401);
    expect((await send('00000001', 'forged-3')).status).toBe(401);
    expect(h.journal.calls.map((c) => JSON.parse(c.raw?.body ?? '{}').call_id)).toEqual(['first', 'second']);
    // Replays are not failed guesses: the sender is not blocked (the limit here is 1).
    expect((await send('00000003', 'third')).status).toBe(200);
  });

  it('two senders challenged in the same millisecond get their own nonces and counts', async () => {
    const h = await start();
    const a = await getChallenge(h.base, PATH, 'SHA-256');
    const b = await getChallenge(h.base, PATH, 'MD5');
    expect(a.get('nonce')).not.toBe(b.get('nonce'));
    for (const [challenge, algorithm] of [
      [a, 'SHA-256'],
      [b, 'MD5'],
    ] as const) {
      const authorization = digestAuthorization({
        algorithm,
        challenge,
        method: 'POST',
        uri: PATH,
        password: TOKEN,
      });
      expect(await post(h.base, { authorization }, callStart(`from-${algorithm}`))).toBe(200);
    }
  });
});
