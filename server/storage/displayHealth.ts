import type Database from 'better-sqlite3';
import type { Fence } from '../cluster/fence';

/** A display's outage as the fleet watch tracks it (server/fleet/outage.ts). */
export interface DisplayOutage {
  readonly displayId: number;
  /** Since when it has been offline or not live, server clock; null: live (or never seen). */
  readonly downSince: number | null;
  /** When 'display.offline' was sent for this outage; null: not (yet). */
  readonly notifiedAt: number | null;
}

export interface DisplayHealthStore {
  /** Every display's stored outage, in display id order. */
  all(): Promise<DisplayOutage[]>;
  /**
   * Replaces the display's row. `fence`: the fleet watcher's lease (server/fleet/watcherLease.ts);
   * PostgreSQL refuses the write (StaleEpochError) once the lease is no longer the writer's, so a
   * watcher that lost it cannot store, and so cannot tell, an outage step. SQLite (one process, no
   * lease) has nothing to check.
   */
  put(o: DisplayOutage, fence?: Fence | null): Promise<void>;
}

export function createDisplayHealthStore(db: Database.Database): DisplayHealthStore {
  const all = db.prepare(
    'SELECT display_id, down_since, notified_at FROM display_health ORDER BY display_id',
  );
  const put = db.prepare(
    `INSERT INTO display_health (display_id, down_since, notified_at) VALUES (?, ?, ?)
     ON CONFLICT (display_id) DO UPDATE SET down_since = excluded.down_since, notified_at = excluded.notified_at`,
  );
  // Async around synchronous statements: the interface is a network database's (types.ts).
  return {
    all: async () =>
      (all.all() as { display_id: number; down_since: number | null; notified_at: number | null }[]).map(
        (r) => ({ displayId: r.display_id, downSince: r.down_since, notifiedAt: r.notified_at }),
      ),
    async put(o) {
      put.run(o.displayId, o.downSince, o.notifiedAt);
    },
  };
}
