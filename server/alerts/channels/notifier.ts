import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  type AlertChannel,
  alertChannelSchema,
  type DeliveryLogEntry,
} from '../../../lib/settings/alertChannels';
import type { SecretVault } from '../../secrets';
import type { ChannelLogStore, ConfigRows } from '../../storage';
import type { AlertNotification, Notifier } from '../notification';
import { createDeliveryQueue, type DeliveryQueue } from './deliveryQueue';
import { outboundMessage } from './message';
import { redact } from './redact';
import { DEFAULT_RETRY_POLICY, noAnswerText, type RetryPolicy } from './retryPolicy';
import { takes } from './routing';
import { channelSecretName } from './secretNames';
import type { Senders } from './senders';
import type { ChannelTimers, Delivery } from './types';

/**
 * The Notifier behind Settings → Alerts: routes each notification to the saved channels that take it
 * (routing.ts), each with its own bounded queue and retries (deliveryQueue.ts), and writes every
 * attempt to the channel's log. Channels and secrets are read at each attempt, so an edit applies to
 * what still waits. Never throws into, nor waits for, whoever notifies.
 */
export interface ChannelNotifier extends Notifier {
  /** Resolves once the saved channels are read and the notification is queued: how many took it. */
  notify(n: AlertNotification): Promise<number>;
  /** One attempt now, bypassing queue and retries (the settings page's "Send test"); null: no such channel. */
  sendTest(channelId: string, requestedBy: string): Promise<DeliveryLogEntry | null>;
  /**
   * The outbox's way in (server/alerts/outbox/): queues `n` on every channel that takes it, except
   * those `skip` names (they have an outcome already); resolves to the channels whose outcome is now
   * awaited (queued here, or already waiting). Rejects when the channels cannot be read.
   */
  route(n: AlertNotification, skip: (channelId: string) => Promise<boolean>): Promise<string[]>;
  /** Told each final outcome: delivered, or given up (refused for good, out of attempts, dropped). */
  onSettled(listener: SettledListener): () => void;
  /** Says in the log of each channel that takes `n` that it was given up, and why (the outbox's bound). */
  giveUp(n: AlertNotification, detail: string): Promise<void>;
  /** Notifications waiting on a channel. */
  queued(channelId: string): number;
  /** A channel was deleted: drop what waits for it. */
  forget(channelId: string): void;
  /**
   * Stops: the attempt under way on each channel may end (for up to `DRAIN_MS`) and its outcome is
   * recorded; what waits is dropped (the outbox still holds it). Resolves once recorded.
   */
  stop(): Promise<void>;
}

/** How long a stop waits for the attempts under way: their outcome known, a restart does not repeat them. */
const DRAIN_MS = 5_000;

export type SettledListener = (
  channelId: string,
  notification: { readonly id: string; readonly kind: string },
  outcome: 'delivered' | 'given up',
) => void;

export interface ChannelNotifierOptions {
  readonly rows: ConfigRows;
  readonly vault: Pick<SecretVault, 'reveal'>;
  readonly log: ChannelLogStore;
  readonly senders: Senders;
  readonly now: () => number;
  readonly timers: ChannelTimers;
  readonly random?: () => number;
  readonly logger: Logger;
  /** PUBLIC_URL: makes a notification's path a link; null leaves links out. */
  readonly publicUrl: string | null;
  readonly policy?: RetryPolicy;
}

type Saved = AlertChannel & { readonly id: string };

export function createChannelNotifier(o: ChannelNotifierOptions): ChannelNotifier {
  const policy = o.policy ?? DEFAULT_RETRY_POLICY;
  const queues = new Map<string, DeliveryQueue>();
  const settledListeners = new Set<SettledListener>();
  const recording = new Set<Promise<void>>();
  let stopped = false;

  async function saved(id: string): Promise<Saved | null> {
    const row = await o.rows.get(id);
    const parsed = row ? alertChannelSchema.safeParse(row.config) : null;
    return parsed?.success ? { ...parsed.data, id } : null;
  }

  async function allSaved(): Promise<Saved[]> {
    return (await o.rows.list()).flatMap((row) => {
      const parsed = alertChannelSchema.safeParse(row.config);
      return parsed.success ? [{ ...parsed.data, id: row.id }] : [];
    });
  }

  async function attempt(
    id: string,
    n: AlertNotification,
    signal: AbortSignal,
    evenDisabled: boolean,
  ): Promise<Delivery> {
    const channel = await saved(id);
    if (!channel) return { ok: false, status: null, detail: 'the channel was deleted', retry: false };
    if (!channel.enabled && !evenDisabled)
      return { ok: false, status: null, detail: 'the channel was disabled meanwhile', retry: false };
    const secret = await o.vault.reveal(channelSecretName(id));
    const send = o.senders[channel.kind];
    const d = await send({ ...channel, secret }, outboundMessage(n, o.publicUrl), signal);
    // Whatever a receiver or a library said, the secret is not repeated to the log or the browser.
    return d.detail === null ? d : { ...d, detail: redact(d.detail, secret) };
  }

  async function record(channelId: string, entry: DeliveryLogEntry): Promise<void> {
    try {
      await o.log.append(channelId, entry);
    } catch (err) {
      o.logger.error({ err, channelId }, 'alert channel: could not write its log');
    }
    if (entry.outcome !== 'retrying' && entry.notificationKind !== 'test') {
      const key = { id: entry.notificationId, kind: entry.notificationKind };
      const outcome = entry.outcome === 'delivered' ? 'delivered' : 'given up';
      for (const listener of settledListeners) listener(channelId, key, outcome);
    }
    if (entry.outcome !== 'delivered')
      o.logger.warn(
        { channelId, notification: entry.notificationId, kind: entry.notificationKind, ...entry },
        `alert channel: ${entry.outcome}`,
      );
  }

  function queueOf(id: string): DeliveryQueue {
    let q = queues.get(id);
    if (!q) {
      q = createDeliveryQueue({
        attempt: (n, signal) => attempt(id, n, signal, false),
        record: (entry) => {
          const r = record(id, entry);
          recording.add(r);
          void r.finally(() => recording.delete(r));
        },
        policy,
        timers: o.timers,
        now: o.now,
        random: o.random ?? Math.random,
      });
      queues.set(id, q);
    }
    return q;
  }

  /** Queued where taken; `awaiting`: the channels whose outcome is to come (new or already waiting). */
  async function queueEverywhere(
    n: AlertNotification,
    skip: (channelId: string) => Promise<boolean>,
  ): Promise<{ count: number; awaiting: string[] }> {
    const r = { count: 0, awaiting: [] as string[] };
    if (stopped) return r;
    for (const channel of await allSaved()) {
      if (!takes(channel, n)) continue;
      // Idempotent per (notification id, kind): a repeat already delivered here is not sent again.
      if (await o.log.delivered(channel.id, n.id, n.kind)) continue;
      if (await skip(channel.id)) continue;
      if (stopped) return r;
      const q = queueOf(channel.id);
      if (q.push(n)) r.count += 1;
      if (q.has(n)) r.awaiting.push(channel.id);
    }
    return r;
  }
  const nothingSettled = async () => false;

  // One notification at a time, in the order told: reading the channels is async, and a "cleared"
  // must not overtake its "raised".
  let turn: Promise<unknown> = Promise.resolve();
  return {
    notify(n) {
      const queued = turn.then(() =>
        queueEverywhere(n, nothingSettled).then(
          (r) => r.count,
          (err: unknown) => {
            o.logger.error({ err, notification: n.id }, 'alert channels: could not queue a notification');
            return 0;
          },
        ),
      );
      turn = queued;
      return queued;
    },

    route(n, skip) {
      const queued = turn.then(() => queueEverywhere(n, skip));
      turn = queued.catch(() => {});
      return queued.then((r) => r.awaiting);
    },

    onSettled(listener) {
      settledListeners.add(listener);
      return () => settledListeners.delete(listener);
    },

    async giveUp(n, detail) {
      for (const channel of await allSaved())
        if (takes(channel, n) && !(await o.log.delivered(channel.id, n.id, n.kind)))
          await record(channel.id, {
            at: o.now(),
            notificationId: n.id,
            notificationKind: n.kind,
            attempt: 0,
            outcome: 'dropped',
            status: null,
            detail,
            ms: null,
          });
    },

    async sendTest(channelId, requestedBy) {
      const channel = await saved(channelId);
      if (!channel) return null;
      const at = o.now();
      const n: AlertNotification = {
        id: `test-${at}-${randomBytes(4).toString('hex')}`,
        kind: 'test',
        severity: 'warn',
        boardId: null,
        boardName: null,
        title: `Test of the channel "${channel.name}"`,
        text: `Sent from Settings → Alerts by ${requestedBy}. If you can read this, alerts will reach you here.`,
        at,
        path: '/settings/alerts',
      };
      const controller = new AbortController();
      const deadline = o.timers.setTimeout(
        () => controller.abort(noAnswerText(policy)),
        policy.attemptTimeoutMs,
      );
      let d: Delivery;
      try {
        d = await attempt(channelId, n, controller.signal, true);
      } catch (err) {
        d = { ok: false, status: null, detail: `internal error: ${(err as Error).message}`, retry: false };
      } finally {
        o.timers.clearTimeout(deadline);
      }
      const entry: DeliveryLogEntry = {
        at: o.now(),
        notificationId: n.id,
        notificationKind: n.kind,
        attempt: 1,
        outcome: d.ok ? 'delivered' : 'failed',
        status: d.status,
        detail: d.detail,
        ms: o.now() - at,
      };
      await record(channelId, entry);
      return entry;
    },

    queued: (id) => queues.get(id)?.size() ?? 0,

    forget(id) {
      queues.get(id)?.stop();
      queues.delete(id);
    },

    async stop() {
      stopped = true;
      const all = [...queues.values()];
      queues.clear();
      await Promise.all(all.map((q) => q.drain(Math.min(DRAIN_MS, policy.attemptTimeoutMs))));
      await Promise.all(recording);
    },
  };
}
