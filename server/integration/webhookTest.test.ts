import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../lib/testing/support';
import {
  API_TOKEN,
  getJson,
  startTestCallboard,
  type TestCallboard,
  WEBHOOK_TOKEN,
} from '../testing/callboard';

/**
 * "Send test event" over the real process: the server posts a sample to its own webhook URL for the
 * source and reports what came back, and nothing a board shows or the journal holds changes. A test
 * header from outside (a nonce the server never issued) gets nothing past the receiver.
 */
const ADMIN = { email: 'admin@example.com', password: 'admin password 1' };
const SUPERVISOR = { email: 'sup@example.com', password: 'supervisor password' };

let app: TestCallboard;
let adminCookie = '';
let supervisorCookie = '';

const api = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: api,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const test = async (id: string) => {
  const res = await call('POST', `/api/v1/webhook-sources/${id}/test`);
  return { status: res.status, body: await res.json() };
};

async function login(creds: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${app.url}/api/v1/login`, {
    method: 'POST',
    headers: { origin: app.url, 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Rows of every table a webhook could write to. */
function storedRows(): Record<string, number> {
  const db = new Database(join(app.dataDir, 'callboard.db'), { readonly: true });
  const counts = Object.fromEntries(
    ['journal', 'raw_payloads', 'dedupe_keys', 'dead_letters'].map((t) => [
      t,
      db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number,
    ]),
  );
  db.close();
  return counts;
}

/** The published state without its clock. */
async function figures(): Promise<unknown> {
  const { serverTime: _, ...state } = await getJson<Record<string, unknown>>(app.url, '/api/v1/state');
  return state;
}

const realEvent = () =>
  fetch(`${app.url}/api/webhooks/3cx/${WEBHOOK_TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: fixtureText('seeds/003-3cx-webhooksapi/flow01-inbound-queue-answered/02-ringing-queue.json'),
  });

beforeAll(async () => {
  app = await startTestCallboard({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  adminCookie = await login(ADMIN);
  const created = await fetch(`${app.url}/api/v1/users`, {
    method: 'POST',
    headers: { origin: app.url, cookie: adminCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ ...SUPERVISOR, role: 'supervisor' }),
  });
  expect(created.status).toBe(201);
  supervisorCookie = await login(SUPERVISOR);
  // Something on the board and in the journal, so "unchanged" is about real figures.
  expect((await realEvent()).status).toBe(200);
  app.hub.flush();
}, 60_000);
afterAll(() => app.close({ remove: true }));

describe('send test event', () => {
  it('each vendor: accepted with its normalized events; figures, last event and journal unchanged', async () => {
    const before = { rows: storedRows(), state: await figures() };
    expect(before.rows.journal).toBe(1);
    const expected = {
      'portsip-webhook': ['callStarted'],
      '3cx': ['callStarted', 'callLegRinging'],
      voipstudio: ['callStarted', 'callLegAdded'],
    };
    for (const [id, events] of Object.entries(expected)) {
      expect(await test(id)).toEqual({ status: 200, body: { ok: true, status: 200, events } });
    }
    app.hub.flush();
    expect(storedRows()).toEqual(before.rows);
    expect(await figures()).toEqual(before.state);

    const listed = await getJson<{ sources: { id: string; lastTest: unknown; lastEventAt: unknown }[] }>(
      app.url,
      '/api/v1/webhook-sources',
    );
    const voip = listed.sources.find((s) => s.id === 'voipstudio');
    expect(voip?.lastTest).toEqual({
      at: expect.any(Number),
      ok: true,
      status: 200,
      events: expected.voipstudio,
    });
    expect(voip?.lastEventAt).toBeNull();
  });

  it('a test header the server never issued is refused, and nothing is stored', async () => {
    const before = storedRows();
    const forged = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/webhooks/3cx/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: fixtureText('seeds/003-3cx-webhooksapi/flow01-inbound-queue-answered/03-ringing-phone.json'),
      });
    const withSecret = await forged({ 'x-callboard-test': 'a-nonce-nobody-issued' });
    expect(withSecret.status).toBe(403);
    expect(await withSecret.json()).toEqual({ error: 'unknown or expired test nonce' });
    expect((await forged({ 'x-callboard-test': '' })).status).toBe(403);
    const noSecret = await fetch(`${app.url}/api/webhooks/3cx/wrong-secret-0123456789`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-callboard-test': 'x' },
      body: '{}',
    });
    expect(noSecret.status).toBe(401);
    expect(storedRows()).toEqual(before);
  });

  it('still works after the secret is rotated; the old secret is not what it sends', async () => {
    const rotated = await call('POST', '/api/v1/webhook-sources/voipstudio/rotate', { graceHours: 0 });
    expect(rotated.status).toBe(200);
    const posted = await fetch(`${app.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(posted.status).toBe(401); // the old secret is gone
    expect((await test('voipstudio')).body).toMatchObject({ ok: true, status: 200 });
  });

  it('a disabled source reports what its PBX would get', async () => {
    expect(
      (await call('PUT', '/api/v1/webhook-sources/branch-3cx', { name: 'Branch', kind: '3cx' })).status,
    ).toBe(200);
    expect((await test('branch-3cx')).body).toMatchObject({ ok: true, status: 200 });
    // Another 3CX source is enabled, so the endpoint exists and the disabled one's secret is refused.
    await call('PUT', '/api/v1/webhook-sources/branch-3cx', { name: 'Branch', kind: '3cx', enabled: false });
    expect((await test('branch-3cx')).body).toEqual({
      ok: false,
      status: 401,
      events: [],
      error: 'invalid credentials',
    });
    // No enabled 3CX source at all: the endpoint is gone.
    await call('PUT', '/api/v1/webhook-sources/3cx', { name: '3CX', kind: '3cx', enabled: false });
    expect((await test('3cx')).body).toMatchObject({ ok: false, status: 404 });
    await call('PUT', '/api/v1/webhook-sources/3cx', { name: '3CX', kind: '3cx', enabled: true });
    expect((await test('nope')).status).toBe(404);
    expect((await call('GET', '/api/v1/webhook-sources/3cx/test')).status).toBe(405);
  });
});

describe('who may send a test event', () => {
  const send = (headers: Record<string, string>) =>
    fetch(`${app.url}/api/v1/webhook-sources/3cx/test`, { method: 'POST', headers });
  it.each([
    ['anonymous', 401, () => ({ origin: app.url })],
    ['supervisor', 403, () => ({ origin: app.url, cookie: supervisorCookie })],
    ['admin', 200, () => ({ origin: app.url, cookie: adminCookie })],
    ['API token', 200, () => ({ authorization: `Bearer ${API_TOKEN}` })],
    ['admin from a foreign Origin', 403, () => ({ origin: 'https://evil.example', cookie: adminCookie })],
    ['admin with no Origin or Referer', 403, () => ({ cookie: adminCookie })],
  ] as const)('%s → %i', async (_who, status, headers) => {
    const res = await send(headers());
    expect(res.status).toBe(status);
    if (status === 200) expect(await res.json()).toMatchObject({ ok: true, status: 200 });
  });
});
