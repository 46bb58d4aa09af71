import { describe, expect, it } from 'vitest';
import type { DeliveryLogEntry } from '../../../lib/settings/alertChannels';
import { createDeliveryQueue } from './deliveryQueue';
import { DEFAULT_RETRY_POLICY, retryDelay } from './retryPolicy';
import { alertNotification } from './testing/harness';
import type { ChannelTimers, Delivery } from './types';

/** Timers a test moves by hand, on a clock it owns. */
function manualClock() {
  let now = 0;
  const pending: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: ChannelTimers = {
    setTimeout(fn, ms) {
      const id = ++ids;
      pending.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(h) {
      const i = pending.findIndex((p) => p.id === h);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    now: () => now,
    /** Moves to the next timer and fires it; returns the wait. */
    async next(): Promise<number> {
      pending.sort((a, b) => a.at - b.at);
      const t = pending.shift();
      if (!t) throw new Error('no timer pending');
      const waited = t.at - now;
      now = t.at;
      t.fn();
      await new Promise((r) => setImmediate(r));
      return waited;
    },
    pending: () => pending.length,
  };
}

describe('delivery queue', () => {
  it('backs off exponentially up to the cap, then gives up after maxAttempts', async () => {
    const clock = manualClock();
    const log: DeliveryLogEntry[] = [];
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 6, baseMs: 1_000, capMs: 8_000 };
    const q = createDeliveryQueue({
      attempt: async (): Promise<Delivery> => ({ ok: false, status: 500, detail: 'HTTP 500', retry: true }),
      record: (e) => log.push(e),
      policy,
      timers: clock.timers,
      now: clock.now,
      random: () => 0,
    });
    q.push(alertNotification());
    await new Promise((r) => setImmediate(r));
    const waits: number[] = [];
    while (log.length < 6) waits.push(await clock.next());
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(log.map((e) => e.outcome)).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'retrying',
      'retrying',
      'failed',
    ]);
    expect(log[5]?.detail).toBe('HTTP 500 (gave up after 6 attempts)');
    expect(q.size()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('honours Retry-After up to the cap; jitter only shortens', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseMs: 1_000, capMs: 60_000 };
    expect(retryDelay(p, 1, () => 0, 30_000)).toBe(30_000);
    expect(retryDelay(p, 1, () => 0, 600_000)).toBe(60_000);
    expect(retryDelay(p, 3, () => 1)).toBe(3_200);
  });

  it('keeps order: a later notification waits behind one being retried', async () => {
    const clock = manualClock();
    const sent: string[] = [];
    let failFirst = true;
    const q = createDeliveryQueue({
      attempt: async (n) => {
        sent.push(n.kind);
        if (failFirst) {
          failFirst = false;
          return { ok: false, status: 503, detail: null, retry: true };
        }
        return { ok: true, status: 200, detail: null, retry: false };
      },
      record: () => {},
      policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000 },
      timers: clock.timers,
      now: clock.now,
      random: () => 0,
    });
    const raised = alertNotification();
    q.push(raised);
    await new Promise((r) => setImmediate(r));
    q.push({ ...raised, kind: 'alert.cleared' });
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['alert.raised']);
    await clock.next();
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['alert.raised', 'alert.raised', 'alert.cleared']);
  });

  it('drain: the attempt under way ends and is recorded; what waits is dropped unrecorded (the outbox keeps it)', async () => {
    const clock = manualClock();
    const log: DeliveryLogEntry[] = [];
    let answer: (d: Delivery) => void = () => {};
    const q = createDeliveryQueue({
      attempt: () => new Promise<Delivery>((resolve) => (answer = resolve)),
      record: (e) => log.push(e),
      policy: DEFAULT_RETRY_POLICY,
      timers: clock.timers,
      now: clock.now,
      random: () => 0,
    });
    const [first, second] = [alertNotification(), alertNotification()];
    q.push(first);
    q.push(second);
    await new Promise((r) => setImmediate(r));
    const drained = q.drain(5_000);
    answer({ ok: true, status: 204, detail: null, retry: false });
    await drained;
    expect(log.map((e) => [e.notificationId, e.outcome])).toEqual([[first.id, 'delivered']]);
    expect(q.size()).toBe(0);
    expect(q.push(second)).toBe(false);
  });
});
