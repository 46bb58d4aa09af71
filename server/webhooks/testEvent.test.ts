import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookReceiver } from './receiver';
import { sendTestEvent } from './sendTest';
import { createTestEvents, NONCE_TTL_MS } from './testEvent';
import { captureLogger, memoryDeadLetters, memoryJournal, serve, type TestServer } from './testing';
import type { WebhookSourceConfig } from './types';

/**
 * The nonce rules of "Send test event" on the real receiver: a nonce counts once, for the source it
 * was issued for, within a minute; anything else is a 403 that stores nothing. And the sender gives
 * up after its time limit.
 */
const SECRET = 'test-event-secret-0123456789';
const SOURCES: WebhookSourceConfig[] = [
  { id: 'hq-3cx', kind: '3cx', secrets: [SECRET] },
  { id: 'branch-3cx', kind: '3cx', secrets: ['branch-secret-0123456789'] },
];

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function receiver(limits: { authFailuresPerMinute?: number } = {}) {
  let now = Date.UTC(2026, 2, 10, 9, 0, 0);
  const { logger } = captureLogger();
  const tests = createTestEvents({ now: () => now, logger });
  const journal = memoryJournal();
  const letters = memoryDeadLetters();
  const server = await serve(
    createWebhookReceiver({
      sources: () => SOURCES,
      accept: (e) => journal.accept(e),
      deadLetters: letters,
      now: () => now,
      logger,
      digestKey: Buffer.alloc(32, 1),
      testEvents: tests,
      limits,
    }),
  );
  servers.push(server);
  const send = (nonce: string, secret = SECRET) =>
    sendTestEvent({ origin: server.base, kind: '3cx', secret, nonce, now });
  return {
    tests,
    journal,
    letters,
    send,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('test event nonces', () => {
  it('a nonce works once, for its own source, within the minute; nothing is ever journaled', async () => {
    const { tests, journal, letters, send, advance } = await receiver();
    const nonce = tests.issue('hq-3cx');
    expect(await send(nonce)).toEqual({ ok: true, status: 200, events: ['callStarted', 'callLegRinging'] });
    expect(await send(nonce)).toMatchObject({ ok: false, status: 403 }); // used up

    expect(await send(tests.issue('branch-3cx'))).toMatchObject({ ok: false, status: 403 }); // other source

    const late = tests.issue('hq-3cx');
    advance(NONCE_TTL_MS);
    expect(await send(late)).toMatchObject({
      ok: false,
      status: 403,
      error: 'unknown or expired test nonce',
    });

    const forgotten = tests.issue('hq-3cx');
    tests.forget(forgotten);
    expect(await send(forgotten)).toMatchObject({ ok: false, status: 403 });

    expect(journal.calls).toEqual([]);
    expect(letters.letters).toEqual([]);
  });

  it('a sample the normalizer refuses is reported with its status, not dead-lettered', async () => {
    const { tests, letters, journal } = await receiver();
    const server = servers[0];
    const res = await fetch(`${server?.base}/api/webhooks/3cx/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-callboard-test': tests.issue('hq-3cx') },
      body: '{"Event": "ringing"',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ test: true, error: expect.stringMatching(/^invalid JSON/) });
    expect(letters.letters).toEqual([]);
    expect(journal.calls).toEqual([]);
  });
});

describe('test events and the failed-authentication limit', () => {
  // The settings page tests a disabled or re-keyed source with a secret the receiver refuses: that is
  // this server checking itself over loopback, not someone guessing, and must not lock loopback out.
  it("a test's refused secret is a 401 that does not count; a stranger's refused secret does", async () => {
    const { tests, send } = await receiver({ authFailuresPerMinute: 2 });
    for (let i = 0; i < 4; i++) {
      expect(await send(tests.issue('hq-3cx'), 'an-old-secret-0123456789')).toMatchObject({
        ok: false,
        status: 401,
      });
    }
    const base = servers[0]?.base;
    const guess = () =>
      fetch(`${base}/api/webhooks/3cx/a-guessed-secret-0123456789`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }).then((r) => r.status);
    expect(await guess()).toBe(401);
    expect(await guess()).toBe(401);
    expect(await guess()).toBe(429);
  });

  it('a used-up or made-up nonce earns no exemption', async () => {
    const { tests, send } = await receiver({ authFailuresPerMinute: 2 });
    const used = tests.issue('hq-3cx');
    tests.forget(used);
    expect(await send(used, 'an-old-secret-0123456789')).toMatchObject({ status: 401 });
    expect(await send('made-up-nonce', 'an-old-secret-0123456789')).toMatchObject({ status: 401 });
    expect(await send(tests.issue('hq-3cx'))).toMatchObject({ status: 429 });
  });
});

describe('sendTestEvent', () => {
  it('gives up when the server does not answer in time', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const result = await sendTestEvent({
        origin,
        kind: 'voipstudio',
        secret: SECRET,
        nonce: 'n',
        now: Date.now(),
        timeoutMs: 200,
      });
      expect(result).toEqual({ ok: false, status: 0, events: [], error: 'no answer within 0.2 s' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
