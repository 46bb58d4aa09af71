import type { Logger } from 'pino';
import { BUCKET_MS } from '../lib/domain/time';
import type { Hub } from './hub/hub';
import { bucketRows } from './hub/views';
import { DEFAULT_RETENTION, type RetentionPolicy, type Storage } from './storage';

/** The retention policy of the configured journal and raw-payload days; the rest as DEFAULT_RETENTION. */
export const retentionPolicy = (r: { journalDays: number; rawDays: number }): RetentionPolicy => ({
  ...DEFAULT_RETENTION,
  journalDays: r.journalDays,
  rawDays: r.rawDays,
});

/**
 * Timed chores: the journal (and expired sessions) are pruned at start and every hour so the database does not grow without
 * bound, and today's 15-minute figures per queue are saved every minute (and at stop) for history.
 */
export function startHousekeeping(o: {
  storage: Storage;
  hub: Pick<Hub, 'state'>;
  now: () => number;
  logger: Logger;
  retention: { journalDays: number; rawDays: number };
  /**
   * Expired sessions (refused anyway when used) are deleted on the same schedule. On a shared
   * database the cluster's housekeeper does it instead (cluster/sharedHousekeeping.ts).
   */
  pruneSessions?: () => Promise<number>;
}) {
  const policy = retentionPolicy(o.retention);
  const prune = async () => {
    try {
      // Today's journal rows stay whatever the policy: a rebuild of today reads them.
      const removed = o.storage.prune(o.now(), policy, o.hub.state().day.start);
      const sessions = (await o.pruneSessions?.()) ?? 0;
      o.logger.debug({ removed, sessions }, 'journal and sessions pruned');
    } catch (err) {
      o.logger.error({ err }, 'journal pruning failed');
    }
  };
  const saveFigures = () => {
    try {
      const state = o.hub.state();
      const day = state.day.day;
      const rows = [...state.queues.values()].flatMap((q) =>
        bucketRows(state, q).map(({ id: _id, queue, bucket, label: _label, ...figures }) => ({
          day,
          queue,
          bucketStart: state.day.start + bucket * BUCKET_MS,
          figures,
        })),
      );
      if (rows.length > 0) o.storage.figures.save(rows);
    } catch (err) {
      o.logger.error({ err }, 'saving 15-minute figures failed');
    }
  };
  void prune();
  const pruneTimer = setInterval(prune, 3600_000);
  const figuresTimer = setInterval(saveFigures, 60_000);
  pruneTimer.unref();
  figuresTimer.unref();
  return {
    stop() {
      clearInterval(pruneTimer);
      clearInterval(figuresTimer);
      saveFigures();
    },
  };
}
