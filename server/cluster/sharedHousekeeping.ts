import type { Logger } from 'pino';
import type { PruneCounts } from '../storage';
import { openPgPool } from '../storage/postgres/pool';
import type { PgPrune } from '../storage/postgres/retention';
import type { RetentionPolicy } from '../storage/types';
import { holdLease, type Lease } from './lease';

/**
 * The shared database's chores, run by ONE instance of the cluster: the one holding the
 * `chore:housekeeping` lease (lease.ts; a name no PBX link can have, their ids are [a-z0-9-]). It
 * prunes the shared journal, raw payloads, dedupe keys, dead letters and quarter figures by the
 * retention policy (storage/postgres/retention.ts) and the expired sessions, at once when it takes
 * the lease and every `everyMs` while it holds it. Another instance takes over within the lease term
 * when the holder dies. Two pruners at once would be harmless (deletes by age are idempotent), only
 * wasted work on the database: the lease is about load, so its epoch fences nothing; a holder that
 * loses the lease stops between two batches.
 *
 * Not here: socket_io_attachments (the Socket.IO adapter deletes its own rows older than 30 s, on
 * every instance), history and alerts (their own stores prune them, docs/scaling.md).
 */
export const HOUSEKEEPING_LEASE = 'chore:housekeeping';

export interface SharedHousekeeping {
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;

export function startSharedHousekeeping(o: {
  readonly url: string;
  /** INSTANCE_ID: the lease row's owner. */
  readonly instance: string;
  readonly prune: PgPrune;
  readonly policy: RetentionPolicy;
  /** Journal rows received from here on stay (the start of today: what every instance's tail reads). */
  readonly keepFrom: () => number;
  readonly now: () => number;
  /** Expired sessions: deleted on the same schedule, by the housekeeper only. */
  readonly pruneSessions?: () => Promise<number>;
  readonly everyMs?: number;
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
  readonly logger: Logger;
}): SharedHousekeeping {
  const everyMs = o.everyMs ?? HOUR_MS;
  const ttlMs = o.ttlMs ?? 30_000;
  const renewEveryMs = o.renewEveryMs ?? 5_000;
  // A connection of its own (as the link leases have): renewals never queue behind a prune's batches.
  const pool = openPgPool({
    url: o.url,
    max: 1,
    connectTimeoutMs: renewEveryMs,
    queryTimeoutMs: renewEveryMs,
    applicationName: `callboard housekeeping ${o.instance}`.slice(0, 63),
    logger: o.logger,
  });
  let stopped = false;
  let running: Promise<void> | null = null;
  const held = () => !stopped && lease.fence() !== null;

  async function runOnce(): Promise<void> {
    try {
      const removed: PruneCounts = await o.prune(o.now(), o.policy, {
        keepFrom: o.keepFrom(),
        carryOn: held,
      });
      const sessions = held() ? ((await o.pruneSessions?.()) ?? 0) : 0;
      o.logger.debug({ removed, sessions }, 'shared journal and sessions pruned');
    } catch (err) {
      o.logger.error({ err }, 'shared journal pruning failed');
    }
  }
  /** One run at a time; a timer tick during a run is skipped (the next hour's catches up). */
  function run(): void {
    if (running || !held()) return;
    running = runOnce().finally(() => {
      running = null;
    });
  }

  const lease: Lease = holdLease({
    pool,
    link: HOUSEKEEPING_LEASE,
    owner: o.instance,
    ttlMs,
    renewEveryMs,
    logger: o.logger,
    onAcquired: () => {
      o.logger.info('this instance is the cluster housekeeper (prunes the shared journal)');
      run();
    },
    onLost: () => {},
  });
  // The pool reports its connection's death here: the lease is lost now, not at the deadline.
  pool.on('error', () => lease.interrupt());
  const timer = setInterval(run, everyMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await lease.stop();
      await pool.end();
    },
  };
}
