import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { createLogger } from '../logging';
import { type SimulatorHandle, startSimulator } from '../simulator';
import { API_TOKEN, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * After configuring everything (admin, supervisor, PBX connection, webhook sources and a rotation, a
 * display, a password change and a reset, a webhook test event), no response body, socket message, log line or database row holds a password or secret in
 * clear. The only exceptions are by design: the one reply that hands out a new secret or token.
 */
const ADMIN = { email: 'admin@example.com', password: 'Admin-Pa55-secret' };
const SUPERVISOR = { email: 'sup@example.com', password: 'Super-Pa55-secret' };
const PBX_PASSWORD = 'Pbx-Pa55-secret-value';
const NEW_ADMIN_PASSWORD = 'Admin-Changed-Pa55-secret';
const RESET_SUPERVISOR_PASSWORD = 'Super-Reset-Pa55-secret';

let app: TestCallboard | null = null;
let sim: SimulatorHandle | null = null;
afterAll(async () => {
  await app?.close({ remove: true });
  await sim?.stop();
});

describe('secrets', () => {
  it('never appear in clear in replies, socket messages, logs or the database', async () => {
    const logs: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    sim = await startSimulator({
      seed: 9,
      queues: 1,
      agentsPerQueue: 2,
      autoRun: false,
      username: 'wb',
      password: PBX_PASSWORD,
      domain: 'd.example',
    });
    app = await startTestCallboard({
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'debug' },
      logger: createLogger('debug', sink),
    });
    const base = app.url;
    const replies: string[] = [];
    const handedOut: string[] = [];
    let cookie = '';
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      opts: { revealing?: boolean; bearer?: string } = {},
    ) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          origin: base,
          ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : cookie ? { cookie } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      (opts.revealing ? handedOut : replies).push(text);
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0] ?? '';
      return { status: res.status, json: text ? JSON.parse(text) : null };
    };

    expect((await call('POST', '/api/v1/login', ADMIN)).status).toBe(200);
    const session = cookie.split('=')[1] ?? '';
    const supervisor = await call('POST', '/api/v1/users', { ...SUPERVISOR, role: 'supervisor' });
    expect(supervisor.status).toBe(201);
    const pbx = { name: 'PBX', url: sim.url, user: 'wb', domain: 'd.example' };
    expect(
      (await call('PUT', '/api/v1/pbx-connections/main', { ...pbx, password: PBX_PASSWORD })).status,
    ).toBe(200);
    expect((await call('POST', '/api/v1/pbx-connections/test', { ...pbx, id: 'main' })).json.ok).toBe(true);
    const source = await call(
      'PUT',
      '/api/v1/webhook-sources/branch',
      { name: 'Branch', kind: '3cx' },
      { revealing: true },
    );
    const rotated = await call(
      'POST',
      '/api/v1/webhook-sources/branch/rotate',
      { graceHours: 1 },
      { revealing: true },
    );
    const display = await call(
      'POST',
      '/api/v1/displays',
      { name: 'TV', boardId: 'all-queues' },
      { revealing: true },
    );
    // Passwords changed and reset, and a test event sent with the source's secret in its URL.
    expect(
      (
        await call('POST', '/api/v1/me/password', {
          currentPassword: ADMIN.password,
          newPassword: NEW_ADMIN_PASSWORD,
        })
      ).status,
    ).toBe(200);
    const renewedSession = cookie.split('=')[1] ?? '';
    expect(renewedSession).not.toBe(session);
    expect(
      (
        await call('POST', `/api/v1/users/${supervisor.json.user.id}/password`, {
          password: RESET_SUPERVISOR_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', '/api/v1/webhook-sources/branch/test')).json.ok).toBe(true);

    const secrets = [
      ADMIN.password,
      NEW_ADMIN_PASSWORD,
      RESET_SUPERVISOR_PASSWORD,
      renewedSession,
      SUPERVISOR.password,
      PBX_PASSWORD,
      API_TOKEN,
      WEBHOOK_TOKEN,
      session,
      source.json.secret,
      rotated.json.secret,
      display.json.token,
    ];
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 10)).toBe(true);

    // A bad post to a secret URL becomes a dead letter; its URL must not keep the secret.
    const bad = await fetch(`${base}/api/webhooks/3cx/${rotated.json.secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken',
    });
    expect(bad.status).toBe(400);

    for (const path of [
      '/api/v1/pbx-connections',
      '/api/v1/webhook-sources',
      '/api/v1/displays',
      '/api/v1/users',
      '/api/v1/me',
      '/api/v1/state',
      '/api/v1/dead-letters',
      '/api/v1/boards',
    ])
      expect((await call('GET', path)).status).toBe(200);
    await call('GET', '/api/v1/dead-letters', undefined, { bearer: API_TOKEN });

    const socketText = await new Promise<string>((resolve, reject) => {
      const s = connect(`${base}${WALLBOARD_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        auth: { token: display.json.token },
      });
      const timer = setTimeout(() => reject(new Error('no snapshot')), 5_000);
      s.on(EVENTS.server, (m: ServerMessage) => {
        clearTimeout(timer);
        s.close();
        resolve(JSON.stringify(m));
      });
    });

    await app.close();
    const dataDir = app.dataDir;
    const db = new Database(join(dataDir, 'callboard.db'), { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[];
    const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
    db.close();
    const files = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)));

    const everywhere = { replies: replies.join('\n'), socket: socketText, logs: logs.join(''), dump };
    expect(everywhere.logs.length).toBeGreaterThan(1000); // debug logging was on
    expect(everywhere.dump).toContain('Branch'); // the rows are there
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(everywhere))
        expect(text.includes(secret), `${where} holds a secret`).toBe(false);
      for (const f of files) expect(f.includes(secret)).toBe(false);
    }
    // And each handed-out reply held exactly its own secret, once.
    expect(handedOut[0]).toContain(source.json.secret);
    expect(handedOut[2]).toContain(display.json.token);
  });
});
