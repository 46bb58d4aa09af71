import type { Logger } from 'pino';
import type { PruneCounts } from '../storage';
import type { PgPrune } from '../storage/postgres/retention';
import type { RetentionPolicy } from '../storage/types';
import type { LinkOwnership } from './linkOwnership';

/**
 * The shared database's chores, run by ONE instance of the cluster: the one holding the
 * `chore:housekeeping` lease (claimed like the alerts', fleet's and history's through the cluster's
 * ownership seam, leasedOwnership.ts; a name no PBX link can have, their ids are [a-z0-9-]). It
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
  /** The cluster's leases (recording.ownership: leasedOwnership.ts), as alerts, fleet and history claim theirs. */
  readonly ownership: Pick<LinkOwnership, 'claim'>;
  readonly prune: PgPrune;
  readonly policy: RetentionPolicy;
  /** Journal rows received from here on stay (the start of today: what every instance's tail reads). */
  readonly keepFrom: () => number;
  readonly now: () => number;
  /** Expired sessions: deleted on the same schedule, by the housekeeper only. */
  readonly pruneSessions?: () => Promise<number>;
  readonly everyMs?: number;
  readonly logger: Logger;
}): SharedHousekeeping {
  const everyMs = o.everyMs ?? HOUR_MS;
  let stopped = false;
  let holding = false;
  let running: Promise<void> | null = null;
  const held = () => !stopped && holding;

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

  // The lease's own connection (leasedOwnership.ts) never queues behind a prune's batches.
  const claim = o.ownership.claim(HOUSEKEEPING_LEASE, {
    owned: () => {
      holding = true;
      o.logger.info('this instance is the cluster housekeeper (prunes the shared journal)');
      run();
    },
    lost: () => {
      holding = false;
    },
    standby: () => {},
  });
  const timer = setInterval(run, everyMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await claim.release();
    },
  };
}
