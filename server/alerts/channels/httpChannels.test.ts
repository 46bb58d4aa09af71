import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../../storage/testing/tempDir';
import { alertNotification, channelHarness } from './testing/harness';
import {
  type HttpReceiver,
  type ReceivedRequest,
  type Reply,
  startHttpReceiver,
} from './testing/httpReceiver';

const tempDir = tempDirsRemovedAfterEach();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function receiver(reply?: (r: ReceivedRequest, i: number) => Reply): Promise<HttpReceiver> {
  const r = await startHttpReceiver(reply);
  open.push(r);
  return r;
}
function harness(o: Parameters<typeof channelHarness>[1] = {}) {
  const h = channelHarness(tempDir(), o);
  open.push(h);
  return h;
}
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('generic webhook channel (Standard Webhooks)', () => {
  it('posts the JSON body signed so the receiver verifies it with the same library and by hand', async () => {
    const r = await receiver();
    const h = harness({ publicUrl: 'https://board.example.com/cb/' });
    const secret = newSecret();
    const id = await h.addChannel(
      { name: 'Ops hook', kind: 'webhook', url: `${r.url}/hooks/callboard` },
      secret,
    );
    const n = alertNotification();
    expect(await h.notifier.notify(n)).toBe(1);
    const [req] = await r.waitFor(1);
    if (!req) throw new Error('no request');

    expect(req.path).toBe('/hooks/callboard');
    expect(req.headers['content-type']).toBe('application/json');
    // The receiver's side: the maintained library verifies id, timestamp and signature over the raw body.
    const verified = new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    expect(verified).toMatchObject({
      type: 'alert.raised',
      timestamp: '2026-12-07T09:30:05.000Z',
      data: {
        id: n.id,
        severity: 'critical',
        boardId: 'sales',
        title: n.title,
        url: `https://board.example.com/cb${n.path}`,
      },
    });
    // And the spec by hand: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed by the bytes after whsec_.
    const signed = `${req.headers['webhook-id']}.${req.headers['webhook-timestamp']}.${req.body}`;
    const mac = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(signed)
      .digest('base64');
    expect(req.headers['webhook-signature']).toBe(`v1,${mac}`);
    expect(String(req.headers['webhook-id'])).toMatch(/^msg_[\w-]{24}$/);
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    // A wrong secret does not verify: the signature really depends on it.
    expect(() => new Webhook(newSecret()).verify(req.body, req.headers as Record<string, string>)).toThrow();

    const [line] = await h.logOf(id, 1);
    expect(line).toMatchObject({ outcome: 'delivered', status: 200, attempt: 1, notificationId: n.id });
  });

  it('retries with backoff: a receiver that fails twice then succeeds gets it three times, delivered once, same webhook-id', async () => {
    const r = await receiver((_req, i) => (i < 2 ? { status: 503, body: 'busy' } : { status: 204 }));
    const h = harness();
    const id = await h.addChannel({ name: 'Flaky', kind: 'webhook', url: r.url }, newSecret());
    await h.notifier.notify(alertNotification());
    const log = await h.logOf(id, 3);
    expect(log.map((l) => [l.attempt, l.outcome, l.status])).toEqual([
      [1, 'retrying', 503],
      [2, 'retrying', 503],
      [3, 'delivered', 204],
    ]);
    expect(log[0]?.detail).toBe('HTTP 503: busy');
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
    // Nothing more comes: delivered is final.
    await new Promise((res) => setTimeout(res, 300));
    expect(r.requests).toHaveLength(3);
    expect(h.notifier.queued(id)).toBe(0);
  });

  it('a receiver that never answers costs a bounded number of attempts, each aborted at its deadline', async () => {
    const r = await receiver(() => 'hang');
    const h = harness({ policy: { maxAttempts: 3, attemptTimeoutMs: 150 } });
    const id = await h.addChannel({ name: 'Dead', kind: 'webhook', url: r.url }, newSecret());
    await h.notifier.notify(alertNotification());
    const log = await h.logOf(id, 3);
    expect(log.map((l) => l.outcome)).toEqual(['retrying', 'retrying', 'failed']);
    expect(log[2]?.detail).toBe('no answer within 150 ms (gave up after 3 attempts)');
    expect(log.every((l) => l.status === null)).toBe(true);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.requests).toHaveLength(3);
    expect(h.notifier.queued(id)).toBe(0);
  });

  it('a dead receiver cannot make the server buffer without bound: the queue keeps at most maxQueue, drops are logged', async () => {
    const r = await receiver(() => 'hang');
    const h = harness({ policy: { maxQueue: 3, attemptTimeoutMs: 60_000 } });
    const id = await h.addChannel({ name: 'Dead', kind: 'webhook', url: r.url }, newSecret());
    for (let i = 0; i < 20; i++) await h.notifier.notify(alertNotification());
    expect(h.notifier.queued(id)).toBe(3);
    const log = await h.storage.channelLog.list(id, 100);
    expect(log.filter((l) => l.outcome === 'dropped')).toHaveLength(17);
    expect(log[0]?.detail).toBe('queue full (3 waiting): dropped the oldest');
    // One attempt at a time per channel: the dead receiver holds one connection, not twenty.
    await r.waitFor(1);
    expect(r.openConnections()).toBe(1);
  });

  it('a 4xx is final (not retried); a redirect is not followed', async () => {
    const r = await receiver((req) =>
      req.path === '/moved'
        ? { status: 301, headers: { location: '/elsewhere' } }
        : { status: 410, body: 'gone' },
    );
    const h = harness();
    const gone = await h.addChannel({ name: 'Gone', kind: 'webhook', url: r.url }, newSecret());
    const moved = await h.addChannel({ name: 'Moved', kind: 'webhook', url: `${r.url}/moved` }, newSecret());
    await h.notifier.notify(alertNotification());
    const [g] = await h.logOf(gone, 1);
    const [m] = await h.logOf(moved, 1);
    expect(g).toMatchObject({ outcome: 'failed', status: 410, detail: 'HTTP 410: gone' });
    expect(m).toMatchObject({ outcome: 'failed', status: 301 });
    await new Promise((res) => setTimeout(res, 200));
    expect(r.requests.map((q) => q.path).sort()).toEqual(['/', '/moved']);
  });

  it('is idempotent per (notification id, kind), and routes by enabled, board and severity', async () => {
    const r = await receiver();
    const h = harness();
    const all = await h.addChannel({ name: 'All', kind: 'webhook', url: `${r.url}/all` }, newSecret());
    await h.addChannel(
      { name: 'Support only', kind: 'webhook', url: `${r.url}/support`, boards: ['support'] },
      newSecret(),
    );
    await h.addChannel(
      { name: 'Critical', kind: 'webhook', url: `${r.url}/critical`, minSeverity: 'critical' },
      newSecret(),
    );
    const off = await h.addChannel(
      { name: 'Off', kind: 'webhook', url: `${r.url}/off`, enabled: false },
      newSecret(),
    );

    const raised = alertNotification({ severity: 'warn' });
    expect(await h.notifier.notify(raised)).toBe(1);
    expect(await h.notifier.notify(raised)).toBe(0); // still waiting: not queued twice
    await h.logOf(all, 1);
    expect(await h.notifier.notify(raised)).toBe(0); // delivered already: not sent again
    expect(await h.notifier.notify({ ...raised, kind: 'alert.cleared' })).toBe(1);
    expect(await h.notifier.notify(alertNotification({ boardId: 'support', severity: 'critical' }))).toBe(3);
    expect(await h.notifier.notify(alertNotification({ boardId: null, severity: 'critical' }))).toBe(2);
    await r.waitFor(7);
    await new Promise((res) => setTimeout(res, 100));
    expect(r.requests.map((q) => q.path).sort()).toEqual([
      '/all',
      '/all',
      '/all',
      '/all',
      '/critical',
      '/critical',
      '/support',
    ]);
    // "Send test" reaches even a disabled channel: it is how an admin checks one before enabling it.
    expect((await h.notifier.sendTest(off, 'admin'))?.outcome).toBe('delivered');
    expect(r.requests.at(-1)?.path).toBe('/off');
  });

  it('never throws into the caller, even when storage fails', async () => {
    const h = harness();
    await h.addChannel({ name: 'x', kind: 'webhook', url: 'http://127.0.0.1:9/' }, newSecret());
    const broken = {
      ...h.storage.alertChannels,
      list: () => {
        throw new Error('disk gone');
      },
    };
    Object.assign(h.storage.alertChannels, broken);
    expect(await h.notifier.notify(alertNotification())).toBe(0);
  });
});

describe('Slack and Teams channels', () => {
  it('Slack: the secret URL gets text and Block Kit blocks, with a link when PUBLIC_URL is set', async () => {
    const r = await receiver();
    const h = harness({ publicUrl: 'https://board.example.com' });
    const id = await h.addChannel({ name: 'Slack', kind: 'slack' }, `${r.url}/services/T000/B000/XXXXSECRET`);
    const n = alertNotification({ text: 'Waiting <8001> & more' });
    await h.notifier.notify(n);
    const [req] = await r.waitFor(1);
    expect(req?.path).toBe('/services/T000/B000/XXXXSECRET');
    const body = JSON.parse(req?.body ?? '{}');
    expect(body.text).toBe(`Critical alert: ${n.title}`);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual([
      'header',
      'section',
      'context',
      'actions',
    ]);
    expect(body.blocks[0].text).toEqual({
      type: 'plain_text',
      text: `Critical alert: ${n.title}`,
      emoji: false,
    });
    expect(body.blocks[1].text.text).toBe('Waiting &lt;8001&gt; &amp; more');
    expect(body.blocks[2].elements[2].text).toBe(
      `<!date^${n.at / 1000}^{date_short_pretty} {time_secs}|2026-12-07 09:30:05 UTC>`,
    );
    expect(body.blocks[3].elements[0].url).toBe(`https://board.example.com${n.path}`);
    expect((await h.logOf(id, 1))[0]?.outcome).toBe('delivered');
  });

  it('Slack: a receiver error quoting the secret URL is logged without it', async () => {
    const r = await receiver((req) => ({ status: 404, body: `no_service for ${req.path}` }));
    const h = harness();
    const secretUrl = `${r.url}/services/T000/B000/TOPSECRETTOKEN`;
    const id = await h.addChannel({ name: 'Slack', kind: 'slack' }, secretUrl);
    const line = await h.notifier.sendTest(id, 'admin@example.com');
    expect(line).toMatchObject({
      outcome: 'failed',
      status: 404,
      detail: 'HTTP 404: no_service for [secret]',
    });
    expect(JSON.stringify(await h.storage.channelLog.list(id, 10))).not.toContain('TOPSECRET');
  });

  it('Teams: a message with one Adaptive Card', async () => {
    const r = await receiver(() => ({ status: 202 }));
    const h = harness({ publicUrl: 'https://board.example.com' });
    const id = await h.addChannel(
      { name: 'Teams', kind: 'teams' },
      `${r.url}/workflows/abc/triggers/manual/paths/invoke?sig=S3CRET`,
    );
    const n = alertNotification({ kind: 'alert.cleared', severity: 'warn' });
    await h.notifier.notify(n);
    const [req] = await r.waitFor(1);
    expect(req?.path).toBe('/workflows/abc/triggers/manual/paths/invoke?sig=S3CRET');
    const body = JSON.parse(req?.body ?? '{}');
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const { contentType, content } = body.attachments[0];
    expect(contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(content).toMatchObject({ type: 'AdaptiveCard', version: '1.2' });
    expect(content.body[0]).toMatchObject({ type: 'TextBlock', text: `Cleared: ${n.title}`, color: 'Good' });
    expect(content.body[2].facts).toContainEqual({ title: 'Board', value: 'Sales' });
    expect(content.actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open in Callboard',
      url: `https://board.example.com${n.path}`,
    });
    expect((await h.logOf(id, 1))[0]).toMatchObject({ outcome: 'delivered', status: 202 });
  });

  it('a channel without its secret fails clearly, without retrying', async () => {
    const h = harness();
    const id = await h.addChannel({ name: 'Slack', kind: 'slack' });
    await h.notifier.notify(alertNotification());
    expect((await h.logOf(id, 1))[0]).toMatchObject({ outcome: 'failed', detail: 'no webhook URL set' });
  });
});
