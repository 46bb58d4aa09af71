import type { Logger } from 'pino';
import type { LinkOwnership } from '../../cluster/linkOwnership';
import type { OutboxStore, PendingNotification } from '../../storage';
import type { ChannelNotifier } from '../channels/notifier';
import type { AlertNotification, Notifier } from '../notification';

/**
 * The notification outbox's dispatcher (issues #18, #19). Whatever raises a notification stores it
 * in the outbox first (an alert's raise or clear in the alert's own transaction, storage/alerts.ts);
 * this feeds the stored rows to the channel notifier (routing, per-channel queues, retries: as
 * before), records per (notification, channel) its outcome, and marks the row done once every
 * channel that takes it has one. At start-up, and when this instance takes the alerts lease, it
 * picks up what is still pending: a crash, a restart or a dead evaluator loses nothing.
 *
 * At least once, not exactly once: a process that dies after a receiver took a notification and
 * before its outcome was stored sends it again on restart, with the same idempotency key (the
 * notification's id and kind: Standard Webhooks' webhook-id, the e-mail's Message-ID). When nothing
 * crashed, nothing is sent twice: a notification is routed by one dispatch at a time, and a channel
 * with an outcome is skipped (its outcome is stored before the row is finished).
 *
 * One dispatcher per cluster: the instance holding the alerts lease (`dispatchUnder`). Any instance
 * adds rows (a person's acknowledgement, a display's outage); the dispatcher looks for them every
 * `pollMs`. Bounded: rows past `maxPending` or older than `maxAgeMs` are given up, logged, and said
 * so in each channel's log.
 */
export type OutboxChannels = Pick<ChannelNotifier, 'route' | 'onSettled' | 'giveUp'>;

export interface OutboxDispatcherOptions {
  readonly store: OutboxStore;
  readonly channels: OutboxChannels;
  readonly now: () => number;
  readonly logger: Logger;
  /** How often the dispatcher reads pending rows (other instances' rows, a failed dispatch). */
  readonly pollMs?: number;
  /** How often the bound is applied. */
  readonly trimMs?: number;
  readonly maxPending?: number;
  readonly maxAgeMs?: number;
}

/** Longer than a channel's retries last (retryPolicy.ts: about 4 minutes): a dispatch lost in memory is tried again. */
const STALE_DISPATCH_MS = 15 * 60_000;
/** Rows read per pass. */
const BATCH = 100;

interface Dispatch {
  readonly since: number;
  /** Channels whose outcome is awaited; null until routed. */
  awaiting: Set<string> | null;
  /** Channels settled before routing finished (or before this dispatch began). */
  readonly early: Set<string>;
}

const keyOf = (n: { id: string; kind: string }) => `${n.kind}\u0000${n.id}`;

export function createOutboxDispatcher(o: OutboxDispatcherOptions) {
  const pollMs = o.pollMs ?? 2000;
  const maxPending = o.maxPending ?? 1000;
  const maxAgeMs = o.maxAgeMs ?? 24 * 3600_000;
  const inFlight = new Map<string, Dispatch>();
  let leading = false;
  let stopped = false;
  let poll: ReturnType<typeof setInterval> | null = null;
  let trimTimer: ReturnType<typeof setInterval> | null = null;
  let sweeping: Promise<void> | null = null;

  async function finish(n: { id: string; kind: string }): Promise<void> {
    inFlight.delete(keyOf(n));
    try {
      await o.store.finish(n.id, n.kind, o.now());
    } catch (err) {
      // Still pending: the next pass routes it again, and skips each channel with an outcome.
      o.logger.error({ err, notification: n.id, kind: n.kind }, 'outbox: could not mark a notification done');
    }
  }

  // Outcomes being stored: a stop waits for them (a restart then skips those channels).
  const settling = new Set<Promise<void>>();
  const unlisten = o.channels.onSettled((channelId, n, outcome) => {
    const p = (async () => {
      try {
        // Stored before the row is finished: a later pass then skips this channel.
        await o.store.settle(n.id, n.kind, channelId, outcome, o.now());
      } catch (err) {
        o.logger.error({ err, channelId, notification: n.id }, 'outbox: could not record an outcome');
      }
      const d = inFlight.get(keyOf(n));
      if (!d) return;
      if (d.awaiting === null) d.early.add(channelId);
      else if (d.awaiting.delete(channelId) && d.awaiting.size === 0) await finish(n);
    })();
    settling.add(p);
    void p.finally(() => settling.delete(p));
  });

  /** Routes one stored notification unless a dispatch of it is under way; the channels awaited. */
  async function dispatch(n: AlertNotification, settled: readonly string[]): Promise<number> {
    const key = keyOf(n);
    const now = o.now();
    const under = inFlight.get(key);
    if (under && now - under.since < STALE_DISPATCH_MS) return 0;
    const d: Dispatch = { since: now, awaiting: null, early: new Set(settled) };
    inFlight.set(key, d);
    const skip = async (channelId: string) =>
      d.early.has(channelId) || (await o.store.settled(n.id, n.kind, channelId).catch(() => false));
    try {
      const awaiting = await o.channels.route(n, skip);
      d.awaiting = new Set(awaiting.filter((c) => !d.early.has(c)));
    } catch (err) {
      inFlight.delete(key);
      o.logger.error({ err, notification: n.id }, 'outbox: could not route a notification; trying again');
      return 0;
    }
    if (d.awaiting.size === 0 && inFlight.get(key) === d) await finish(n);
    return d.awaiting.size;
  }

  /** One pass over what is pending (oldest first); one pass at a time. */
  function sweep(): Promise<void> {
    if (!leading || stopped) return Promise.resolve();
    sweeping ??= (async () => {
      try {
        let rows: PendingNotification[];
        try {
          rows = await o.store.pending(BATCH);
        } catch (err) {
          o.logger.warn({ err }, 'outbox: could not read pending notifications');
          return;
        }
        for (const r of rows) {
          if (!leading || stopped) return;
          await dispatch(r.notification, r.settled);
        }
      } finally {
        sweeping = null;
      }
    })();
    return sweeping;
  }

  /** The bound: the oldest past the cap or the age given up, logged, and said so in each channel's log. */
  async function trim(): Promise<void> {
    try {
      const now = o.now();
      const dropped = await o.store.trim(maxPending, now - maxAgeMs, now);
      for (const n of dropped) {
        o.logger.warn({ notification: n.id, kind: n.kind, at: n.at }, 'outbox: gave a notification up');
        inFlight.delete(keyOf(n));
        await o.channels.giveUp(
          n,
          `given up by the outbox: more than ${maxPending} notifications pending, or older than ${Math.round(maxAgeMs / 3600_000)} h`,
        );
      }
    } catch (err) {
      o.logger.warn({ err }, 'outbox: could not apply its bound');
    }
  }

  function halt(): void {
    if (poll) clearInterval(poll);
    if (trimTimer) clearInterval(trimTimer);
    poll = null;
    trimTimer = null;
  }

  const notifier: Notifier & { notify(n: AlertNotification): Promise<number> } = {
    /** Stored first (a row already added with its alert's write stays as it is), then routed here if this instance dispatches. */
    async notify(n) {
      try {
        await o.store.add([n]);
      } catch (err) {
        // Not durable, but not lost while this process lives: routed all the same.
        o.logger.error({ err, notification: n.id }, 'outbox: could not store a notification');
      }
      return leading && !stopped ? dispatch(n, []) : 0;
    },
  };

  return {
    notifier,
    /** This instance dispatches from now: what is pending is picked up at once. */
    lead(): void {
      if (stopped || leading) return;
      leading = true;
      o.logger.info('outbox: this instance delivers notifications');
      poll = setInterval(() => void sweep(), pollMs);
      poll.unref();
      trimTimer = setInterval(() => void trim(), o.trimMs ?? 60_000);
      trimTimer.unref();
      void trim().then(sweep);
    },
    /** Another instance may dispatch from now; deliveries under way here still record their outcomes. */
    follow(): void {
      leading = false;
      halt();
    },
    /** One pass now (a test, or after a bulk add). */
    sweep,
    trim,
    dispatching: () => leading,
    inFlight: () => inFlight.size,
    /** After the channels stopped (their last outcomes told): waits for those outcomes to be stored. */
    async stop(): Promise<void> {
      stopped = true;
      leading = false;
      halt();
      await Promise.all(settling);
      unlisten();
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

/**
 * The dispatcher follows the alerts lease, the evaluator's (evaluatorLease.ts): no second lease. The
 * engine's claim is passed through; the dispatcher leads while it is held.
 */
export function dispatchUnder(
  ownership: Pick<LinkOwnership, 'claim'>,
  dispatcher: Pick<OutboxDispatcher, 'lead' | 'follow'>,
): Pick<LinkOwnership, 'claim'> {
  return {
    claim(link, on) {
      const claim = ownership.claim(link, {
        owned: (fence) => {
          on.owned(fence);
          dispatcher.lead();
        },
        lost: () => {
          dispatcher.follow();
          on.lost();
        },
        standby: (holder) => on.standby(holder),
      });
      return {
        async release() {
          dispatcher.follow();
          await claim.release();
        },
      };
    },
  };
}
