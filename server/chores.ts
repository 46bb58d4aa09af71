import type { Logger } from 'pino';
import type { LinkOwnership } from './cluster/linkOwnership';
import { startSharedHousekeeping } from './cluster/sharedHousekeeping';
import type { Config } from './config';
import { retentionPolicy, startHousekeeping } from './housekeeping';
import type { Hub } from './hub/hub';
import { startLostTrackSweep } from './lostTrackSweep';
import type { Recorder } from './recorder';
import type { Storage } from './storage';
import type { SharedStores } from './storage/postgres/sharedStores';

/**
 * The process's timed chores, started once today's state is read: this file's retention (and, on one
 * process, expired sessions), the shared tables' retention by the cluster's housekeeper (DATABASE_URL:
 * the lease holder only), and the sweep that closes entries with no news for too long.
 */
export function startChores(o: {
  readonly config: Config;
  readonly storage: Storage;
  readonly shared: SharedStores | null;
  /** The cluster's leases: the housekeeper is the holder of `chore:housekeeping`. */
  readonly ownership: Pick<LinkOwnership, 'claim'>;
  readonly hub: Hub;
  readonly ingest: Recorder['ingest'];
  readonly pruneSessions: () => Promise<number>;
  readonly now: () => number;
  readonly logger: Logger;
}): { stop(): Promise<void> } {
  const { config, shared } = o;
  const retention = { journalDays: config.journal.retentionDays, rawDays: config.journal.rawRetentionDays };
  const housekeeping = startHousekeeping({
    storage: o.storage,
    hub: o.hub,
    now: o.now,
    logger: o.logger,
    retention,
    ...(shared ? {} : { pruneSessions: o.pruneSessions }),
  });
  const sharedHousekeeping = shared
    ? startSharedHousekeeping({
        ownership: o.ownership,
        prune: shared.prune,
        policy: retentionPolicy(retention),
        keepFrom: () => o.hub.state().day.start,
        now: o.now,
        pruneSessions: o.pruneSessions,
        logger: o.logger.child({ part: 'housekeeping' }),
      })
    : null;
  const lostTrack = startLostTrackSweep({
    hub: o.hub,
    ingest: o.ingest,
    now: o.now,
    boundMs: config.lostTrackHours * 3600_000,
    logger: o.logger,
  });
  return {
    async stop() {
      housekeeping.stop();
      await sharedHousekeeping?.stop();
      lostTrack.stop();
    },
  };
}
