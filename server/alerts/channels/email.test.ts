import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannelInput } from '../../../lib/settings/alertChannels';
import { tempDirsRemovedAfterEach } from '../../storage/testing/tempDir';
import { alertNotification, channelHarness } from './testing/harness';
import { type SmtpReceiver, startSmtpReceiver } from './testing/smtpReceiver';

const tempDir = tempDirsRemovedAfterEach();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function smtp(o: Parameters<typeof startSmtpReceiver>[0] = {}): Promise<SmtpReceiver> {
  const r = await startSmtpReceiver(o);
  open.push(r);
  return r;
}
function harness(o: Parameters<typeof channelHarness>[1] = {}) {
  const h = channelHarness(tempDir(), o);
  open.push(h);
  return h;
}
const channel = (
  port: number,
  over: Partial<AlertChannelInput & { kind: 'email' }> = {},
): AlertChannelInput => ({
  name: 'Supervisors',
  kind: 'email',
  host: '127.0.0.1',
  port,
  security: 'none',
  from: 'callboard@example.com',
  to: ['sup1@example.com', 'sup2@example.com'],
  ...over,
});

describe('e-mail channel (nodemailer → a real SMTP server on loopback)', () => {
  it('plain SMTP with a login: the mail reaches every recipient with subject, text, link and a stable Message-ID', async () => {
    const r = await smtp({ tls: 'off', users: { alerts: 'p4ss word' } });
    const h = harness({ publicUrl: 'https://board.example.com' });
    const id = await h.addChannel(channel(r.port, { user: 'alerts' }), 'p4ss word');
    const n = alertNotification({ title: 'Sales: 7 waiting for 30 s' });
    await h.notifier.notify(n);
    const [line] = await h.logOf(id, 1);
    expect(line).toMatchObject({ outcome: 'delivered', status: 250 });
    expect(line?.detail).toContain('Message queued as test-1');
    expect(r.mails).toHaveLength(1);
    const mail = r.mails[0];
    expect(mail).toMatchObject({
      from: 'callboard@example.com',
      to: ['sup1@example.com', 'sup2@example.com'],
      user: 'alerts',
      secure: false,
    });
    // Quoted-printable, decoded: soft line breaks out, =XX back to bytes.
    const qp = (mail?.raw ?? '').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => `%${h}`);
    const raw = decodeURIComponent(qp.replace(/%(?![0-9A-F]{2})/g, '%25'));
    expect(raw).toContain('(Settings → Alerts)');
    expect(raw).toMatch(/^Subject: \[Callboard\] Critical alert: Sales: 7 waiting for 30 s$/m);
    expect(raw).toContain(`Open: https://board.example.com${n.path}`);
    expect(raw).toMatch(/^Message-ID: <msg_[\w-]{24}@callboard>/m);
  });

  it('STARTTLS: upgraded before the login when required (certificate check off for the test relay)', async () => {
    const r = await smtp({ tls: 'starttls', users: { alerts: 'secret' } });
    const h = harness();
    const id = await h.addChannel(
      channel(r.port, { security: 'starttls', tlsVerify: false, user: 'alerts' }),
      'secret',
    );
    await h.notifier.notify(alertNotification());
    expect((await h.logOf(id, 1))[0]?.outcome).toBe('delivered');
    expect(r.mails[0]?.secure).toBe(true);
  });

  it('STARTTLS required but not offered: refused, nothing sent in clear', async () => {
    const r = await smtp({ tls: 'off' });
    const h = harness();
    const id = await h.addChannel(channel(r.port, { security: 'starttls', tlsVerify: false }));
    const line = await h.notifier.sendTest(id, 'admin@example.com');
    expect(line?.outcome).toBe('failed');
    expect(r.mails).toHaveLength(0);
  });

  it('implicit TLS; and with certificate checks on, a self-signed relay is refused', async () => {
    const r = await smtp({ tls: 'implicit' });
    const h = harness();
    const loose = await h.addChannel(channel(r.port, { security: 'tls', tlsVerify: false }));
    const strict = await h.addChannel(channel(r.port, { security: 'tls', tlsVerify: true }));
    expect((await h.notifier.sendTest(loose, 'a'))?.outcome).toBe('delivered');
    expect(r.mails[0]?.secure).toBe(true);
    const refused = await h.notifier.sendTest(strict, 'a');
    expect(refused?.outcome).toBe('failed');
    expect(refused?.detail).toMatch(/certificate/i);
    expect(r.mails).toHaveLength(1);
  });

  it('a wrong password fails for good (not retried) and the log never shows the password', async () => {
    const r = await smtp({ tls: 'off', users: { alerts: 'right' } });
    const h = harness();
    const id = await h.addChannel(channel(r.port, { user: 'alerts' }), 'wrong-Pa55word');
    await h.notifier.notify(alertNotification());
    const [line] = await h.logOf(id, 1);
    expect(line).toMatchObject({ outcome: 'failed', status: 535 });
    await new Promise((res) => setTimeout(res, 200));
    expect(await h.storage.channelLog.list(id, 10)).toHaveLength(1);
    expect(JSON.stringify(line)).not.toContain('wrong-Pa55word');
  });

  it('a 4xx reply is transient: retried with backoff until accepted, one mail delivered', async () => {
    const r = await smtp({
      tls: 'off',
      refuse: (i) => (i < 2 ? { code: 451, message: 'Try again later' } : null),
    });
    const h = harness();
    const id = await h.addChannel(channel(r.port));
    await h.notifier.notify(alertNotification());
    const log = await h.logOf(id, 3);
    expect(log.map((l) => [l.outcome, l.status])).toEqual([
      ['retrying', 451],
      ['retrying', 451],
      ['delivered', 250],
    ]);
    expect(r.mails).toHaveLength(1);
  });

  it('nothing listening: retried, then given up after the bounded attempts', async () => {
    const r = await smtp();
    const port = r.port;
    await r.close();
    open.splice(open.indexOf(r), 1);
    const h = harness({ policy: { maxAttempts: 2 } });
    const id = await h.addChannel(channel(port));
    await h.notifier.notify(alertNotification());
    const log = await h.logOf(id, 2);
    expect(log.map((l) => l.outcome)).toEqual(['retrying', 'failed']);
    expect(log[1]?.detail).toMatch(/ECONNECTION|ECONNREFUSED/);
  });
});
