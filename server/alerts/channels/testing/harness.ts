import pino from 'pino';
import type { AlertChannelInput } from '../../../../lib/settings/alertChannels';
import { createSecretBox, createSecretVault } from '../../../secrets';
import { openStorage, type Storage } from '../../../storage';
import type { AlertNotification } from '../../notification';
import { createChannelNotifier } from '../notifier';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retryPolicy';
import { channelSecretName } from '../secretNames';
import { createSenders } from '../senders';
import { REAL_TIMERS } from '../types';

/**
 * Test support: a notifier over a real SQLite file and a real vault, on real timers with a quick
 * retry policy, so the channel tests run against real receivers in well under a second each.
 */
export const QUICK_POLICY: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  baseMs: 20,
  capMs: 200,
  attemptTimeoutMs: 2_000,
};

export function channelHarness(
  dataDir: string,
  o: { policy?: Partial<RetryPolicy>; publicUrl?: string } = {},
) {
  const storage: Storage = openStorage({ dataDir, journalWriter: 'inline' });
  const vault = createSecretVault({
    store: storage.secrets,
    box: createSecretBox(Buffer.alloc(32, 7)),
    now: Date.now,
  });
  const notifier = createChannelNotifier({
    rows: storage.alertChannels,
    vault,
    log: storage.channelLog,
    senders: createSenders({ now: Date.now, smtp: { connectMs: 2_000, socketMs: 2_000 } }),
    now: Date.now,
    timers: REAL_TIMERS,
    random: () => 0,
    logger: pino({ level: 'silent' }),
    publicUrl: o.publicUrl ?? null,
    policy: { ...QUICK_POLICY, ...o.policy },
  });
  let next = 0;
  return {
    storage,
    vault,
    notifier,
    /** Saves a channel (and its secret) as the API would; returns its id. */
    async addChannel(config: AlertChannelInput, secret?: string): Promise<string> {
      const id = `ch-test${String(next++).padStart(4, '0')}`;
      await storage.alertChannels.put(id, config, Date.now());
      if (secret !== undefined) await vault.set(channelSecretName(id), secret);
      return id;
    },
    /** Resolves once the channel's log has `count` lines (or throws after `timeoutMs`). */
    async logOf(id: string, count: number, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const lines = await storage.channelLog.list(id, 1000);
        if (lines.length >= count) return lines.reverse();
        if (Date.now() > until) throw new Error(`log of ${id}: ${lines.length} lines, expected ${count}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      await notifier.stop();
      await storage.close();
    },
  };
}

let seq = 0;
/** A notification as the alert rules would raise it. */
export function alertNotification(over: Partial<AlertNotification> = {}): AlertNotification {
  seq += 1;
  return {
    id: `alert-${seq}`,
    kind: 'alert.raised',
    severity: 'critical',
    boardId: 'sales',
    boardName: 'Sales',
    title: 'Sales: 7 waiting (critical ≥ 6) for 30 s',
    text: 'Queue 8001 has had 7 callers waiting for 30 s.',
    at: Date.UTC(2026, 11, 7, 9, 30, 5),
    path: `/alerts?id=${seq}`,
    ...over,
  };
}
