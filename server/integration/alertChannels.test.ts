import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../alerts/channels/testing/httpReceiver';
import { createLogger } from '../logging';
import { apiRequest, loginCookie, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Settings → Alerts through the real process: the API (admins and the API token only), secrets
 * write-only, "Send test" against a real loopback receiver, the log, and the app's notifier wired to
 * the saved channels.
 */
const ADMIN = { email: 'admin@example.com', password: 'Admin-Pa55-secret' };
const SUPERVISOR = { email: 'sup@example.com', password: 'Super-Pa55-secret' };
const SLACK_PATH = '/services/T0001/B0001/SlackSecretToken123';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function start(logs: string[] = []) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app: TestCallboard = await startTestCallboard({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PUBLIC_URL: 'https://wall.example.com' },
    logger: createLogger('debug', sink),
  });
  open.push({ close: () => app.close({ remove: true }) });
  const receiver: HttpReceiver = await startHttpReceiver();
  open.push(receiver);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await apiRequest(app.url, method, path, body);
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
  };
  return { app, receiver, call };
}

describe('alert channels API', () => {
  it('creates, lists, tests, logs, edits and deletes; the secret goes in and never comes out', async () => {
    const logs: string[] = [];
    const { app, receiver, call } = await start(logs);
    const slackUrl = `${receiver.url}${SLACK_PATH}`;

    const created = await call('POST', '/api/v1/alert-channels', {
      name: 'Floor chat',
      kind: 'slack',
      boards: 'all',
      minSeverity: 'critical',
      secret: slackUrl,
    });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    expect(id).toMatch(/^ch-[0-9a-f]{12}$/);
    expect(created.json).toMatchObject({
      name: 'Floor chat',
      kind: 'slack',
      secretSet: true,
      queued: 0,
      last: null,
    });

    const list = await call('GET', '/api/v1/alert-channels');
    expect(list.json.channels.map((c: { id: string }) => c.id)).toEqual([id]);

    const test = await call('POST', `/api/v1/alert-channels/${id}/test`);
    expect(test.status).toBe(200);
    expect(test.json).toMatchObject({ ok: true, result: { outcome: 'delivered', status: 200, attempt: 1 } });
    const [got] = await receiver.waitFor(1);
    expect(got?.path).toBe(SLACK_PATH);
    const slack = JSON.parse(got?.body ?? '{}');
    expect(slack.text).toBe('Test: Test of the channel "Floor chat"');
    expect(JSON.stringify(slack)).toContain('by the API token');
    expect(JSON.stringify(slack)).toContain('https://wall.example.com/settings/alerts');

    const log = await call('GET', `/api/v1/alert-channels/${id}/log?limit=10`);
    expect(log.json.entries).toHaveLength(1);
    expect(log.json.entries[0]).toMatchObject({ outcome: 'delivered', notificationKind: 'test' });
    expect((await call('GET', `/api/v1/alert-channels/${id}`)).json.last.outcome).toBe('delivered');

    // Edit without the secret keeps it; a kind change needs a new one.
    const renamed = await call('PUT', `/api/v1/alert-channels/${id}`, { name: 'Chat', kind: 'slack' });
    expect(renamed.json).toMatchObject({ name: 'Chat', secretSet: true, minSeverity: 'warn' });
    const toTeams = await call('PUT', `/api/v1/alert-channels/${id}`, { name: 'Chat', kind: 'teams' });
    expect(toTeams.status).toBe(422);
    expect(toTeams.json.issues).toEqual([
      { path: 'secret', message: 'Enter the Teams webhook URL: this channel needs one' },
    ]);

    // The app's notifier delivers to the saved channels.
    expect(
      await app.notifier.notify({
        id: 'a-1',
        kind: 'alert.raised',
        severity: 'critical',
        boardId: 'default',
        boardName: 'All queues',
        title: 'Waiting: 9 (critical ≥ 6)',
        text: '',
        at: Date.now(),
        path: '/alerts?id=a-1',
      }),
    ).toBe(1);
    await receiver.waitFor(2);

    expect((await call('DELETE', `/api/v1/alert-channels/${id}`)).json).toEqual({ deleted: id });
    expect((await call('GET', `/api/v1/alert-channels/${id}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/alert-channels/${id}/log`)).status).toBe(404);

    // The secret never came back in a reply, a log line, or in clear in the database.
    const everything = [created.text, list.text, test.text, log.text, renamed.text, ...logs].join('\n');
    expect(everything).not.toContain('SlackSecretToken123');
    await app.close();
    open.splice(0, 1);
    for (const file of ['callboard.db', 'callboard.db-wal'].filter((f) => existsSync(`${app.dataDir}/${f}`)))
      expect(readFileSync(`${app.dataDir}/${file}`).toString('latin1')).not.toContain('SlackSecretToken123');
  });

  it('a webhook created without a secret gets a Standard Webhooks secret, shown in that reply only', async () => {
    const { receiver, call } = await start();
    const created = await call('POST', '/api/v1/alert-channels', {
      name: 'Hook',
      kind: 'webhook',
      url: `${receiver.url}/in`,
    });
    expect(created.status).toBe(201);
    const secret: string = created.json.signingSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const again = await call('GET', `/api/v1/alert-channels/${created.json.id}`);
    expect(again.text).not.toContain(secret.slice(6));
    await call('POST', `/api/v1/alert-channels/${created.json.id}/test`);
    const [req] = await receiver.waitFor(1);
    expect(new Webhook(secret).verify(req?.body ?? '', req?.headers as Record<string, string>)).toMatchObject(
      {
        type: 'test',
      },
    );
  });

  it('refuses bad input with the reason, and anyone but admins and the API token', async () => {
    const { app, call } = await start();
    const bad = await call('POST', '/api/v1/alert-channels', { name: 'x', kind: 'pager' });
    expect(bad.status).toBe(422);
    const badUrl = await call('POST', '/api/v1/alert-channels', {
      name: 'x',
      kind: 'webhook',
      url: 'ftp://x',
    });
    expect(badUrl.json.issues[0].path).toBe('url');
    const badSecret = await call('POST', '/api/v1/alert-channels', {
      name: 'x',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/',
      secret: 'not-a-whsec',
    });
    expect(badSecret.json.issues[0].path).toBe('secret');
    const noPassword = await call('POST', '/api/v1/alert-channels', {
      name: 'Mail',
      kind: 'email',
      host: 'smtp.example.com',
      user: 'alerts',
      from: 'cb@example.com',
      to: ['a@example.com'],
    });
    expect(noPassword.json.issues[0]).toEqual({
      path: 'secret',
      message: 'Enter the SMTP password: this channel needs one',
    });
    expect((await call('GET', '/api/v1/alert-channels/nope')).status).toBe(404);
    expect((await call('POST', '/api/v1/alert-channels/ch-000000000000/test')).status).toBe(404);
    const created = await call('POST', '/api/v1/alert-channels', {
      name: 'Mail',
      kind: 'email',
      host: 'smtp.example.com',
      from: 'cb@example.com',
      to: ['a@example.com'],
    });
    expect(created.status).toBe(201);
    expect((await call('GET', `/api/v1/alert-channels/${created.json.id}/log?limit=0`)).status).toBe(400);
    const gone = await fetch(`${app.url}/api/v1/alert-channels/ch-000000000000`, {
      method: 'PUT',
      headers: {
        authorization: 'Bearer test-api-token-0123456789',
        'content-type': 'application/json',
        'if-match': '*',
      },
      body: JSON.stringify({ name: 'x', kind: 'slack' }),
    });
    expect(gone.status).toBe(412);

    expect((await fetch(`${app.url}/api/v1/alert-channels`)).status).toBe(401);
    const admin = await loginCookie(app.url, ADMIN);
    const made = await fetch(`${app.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie: admin, origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ ...SUPERVISOR, role: 'supervisor' }),
    });
    expect(made.status).toBe(201);
    const sup = await loginCookie(app.url, SUPERVISOR);
    expect((await fetch(`${app.url}/api/v1/alert-channels`, { headers: { cookie: sup } })).status).toBe(403);
    expect((await fetch(`${app.url}/api/v1/alert-channels`, { headers: { cookie: admin } })).status).toBe(
      200,
    );
  });
});
