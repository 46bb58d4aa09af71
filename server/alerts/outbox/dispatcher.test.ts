import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../../storage/testing/tempDir';
import { messageIdOf } from '../channels/message';
import { alertNotification, channelHarness } from '../channels/testing/harness';
import {
  type HttpReceiver,
  type ReceivedRequest,
  type Reply,
  startHttpReceiver,
} from '../channels/testing/httpReceiver';
import { sleep, until } from '../testing/crossing';
import { createOutboxDispatcher, type OutboxDispatcherOptions } from './dispatcher';

/**
 * The outbox's dispatcher over a real SQLite file, the real channel notifier and real HTTP receivers
 * on loopback (quick retry policy): each (notification, channel) delivered once when nothing
 * crashed, what was pending picked up by the next dispatcher, channels with an outcome skipped.
 */
const tempDir = tempDirsRemovedAfterEach();
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function receiver(reply?: (r: ReceivedRequest, i: number) => Reply): Promise<HttpReceiver> {
  const r = await startHttpReceiver(reply);
  open.push(r);
  return r;
}

function setUp(dataDir = tempDir(), o: Partial<OutboxDispatcherOptions> = {}) {
  const h = channelHarness(dataDir);
  const dispatcher = createOutboxDispatcher({
    store: h.storage.outbox,
    channels: h.notifier,
    now: Date.now,
    logger: pino({ level: 'silent' }),
    pollMs: 50,
    ...o,
  });
  open.push({
    close: async () => {
      dispatcher.follow();
      await h.close();
      await dispatcher.stop();
    },
  });
  return { h, dispatcher, dataDir };
}

/** The webhook-id of each request: the idempotency key, (notification id, kind). */
const keys = (r: HttpReceiver) => r.requests.map((q) => q.headers['webhook-id']);
const settledAll = (h: ReturnType<typeof channelHarness>) =>
  until(async () => (await h.storage.outbox.pendingCount()) === 0);

describe('outbox dispatcher', () => {
  it('nothing crashed: each channel gets each notification once, however often it is told or swept', async () => {
    const flaky = await receiver((_r, i) => (i < 2 ? { status: 503 } : { status: 204 }));
    const steady = await receiver(() => ({ status: 204 }));
    const { h, dispatcher } = setUp();
    await h.addChannel(
      { name: 'Flaky', kind: 'webhook', url: `${flaky.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    await h.addChannel(
      { name: 'Steady', kind: 'webhook', url: `${steady.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    dispatcher.lead();
    const n = alertNotification();
    const cleared = { ...n, kind: 'alert.cleared' as const };
    // The engine tells after the alert's write (which stored the row); a sweep runs every 50 ms beside.
    await Promise.all([dispatcher.notifier.notify(n), dispatcher.sweep(), dispatcher.notifier.notify(n)]);
    await dispatcher.notifier.notify(cleared);
    await settledAll(h);
    await sleep(300);
    await dispatcher.sweep();
    await dispatcher.notifier.notify(n);
    await sleep(200);
    expect(keys(steady)).toEqual([messageIdOf(n), messageIdOf(cleared)]);
    // Two refusals, then the one delivery, all with the same key; then the clear, once.
    expect(keys(flaky)).toEqual([messageIdOf(n), messageIdOf(n), messageIdOf(n), messageIdOf(cleared)]);
    expect(await h.storage.outbox.pending(10)).toEqual([]);
  });

  it('a follower stores but does not send; the next dispatcher picks it up and skips a channel that had it', async () => {
    const a = await receiver(() => ({ status: 204 }));
    const b = await receiver(() => ({ status: 204 }));
    const { h, dispatcher } = setUp();
    const chA = await h.addChannel(
      { name: 'A', kind: 'webhook', url: `${a.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    await h.addChannel(
      { name: 'B', kind: 'webhook', url: `${b.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    const n = alertNotification();
    expect(await dispatcher.notifier.notify(n)).toBe(0);
    await sleep(200);
    expect(a.requests.length + b.requests.length).toBe(0);
    // Channel A had it before a crash (its outcome stored, the row not yet finished).
    await h.storage.outbox.settle(n.id, n.kind, chA, 'delivered', Date.now());
    dispatcher.lead();
    await settledAll(h);
    expect(a.requests).toHaveLength(0);
    expect(b.requests).toHaveLength(1);
  });

  it('what waits in a stopped process is sent by the next one, once, with the same key', async () => {
    let refusing = true;
    const r = await receiver(() => (refusing ? { status: 503 } : { status: 204 }));
    const first = setUp(tempDir());
    await first.h.addChannel(
      { name: 'Hook', kind: 'webhook', url: `${r.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    first.dispatcher.lead();
    const n = alertNotification();
    await first.dispatcher.notifier.notify(n);
    await r.waitFor(1);
    // Stopped while it retries (the quick policy would give up after 6 attempts).
    const closing = open.pop();
    await closing?.close();
    expect(r.requests.length).toBeLessThan(6);
    refusing = false;
    const tried = r.requests.length;
    const second = setUp(first.dataDir);
    second.dispatcher.lead();
    await settledAll(second.h);
    await sleep(200);
    expect(r.requests.length).toBe(tried + 1);
    expect(new Set(keys(r))).toEqual(new Set([messageIdOf(n)]));
  });

  it('bounded: the oldest past the cap or the age are given up, logged in each channel that takes them', async () => {
    const r = await receiver(() => ({ status: 204 }));
    const { h, dispatcher } = setUp(tempDir(), { maxPending: 2, maxAgeMs: 60_000 });
    const ch = await h.addChannel(
      { name: 'Hook', kind: 'webhook', url: `${r.url}/hook` },
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    );
    const old = alertNotification({ at: Date.now() - 120_000 });
    const fresh = () => alertNotification({ at: Date.now() });
    const [x, y, z] = [fresh(), fresh(), fresh()];
    for (const n of [old, x, y, z]) await dispatcher.notifier.notify(n);
    await dispatcher.trim();
    const log = await h.logOf(ch, 2);
    expect(log.map((e) => [e.notificationId, e.outcome])).toEqual([
      [old.id, 'dropped'],
      [x.id, 'dropped'],
    ]);
    expect(log[0]?.detail).toMatch(/given up by the outbox/);
    dispatcher.lead();
    await settledAll(h);
    expect(r.requests.map((q) => (JSON.parse(q.body) as { data: { id: string } }).data.id)).toEqual([
      y.id,
      z.id,
    ]);
  });
});
