import type { Logger } from 'pino';
import { openPgPool } from '../storage/postgres/pool';
import { holdLease, type Lease } from './lease';
import type { LinkOwnership } from './linkOwnership';

/**
 * Link ownership for instances sharing one PostgreSQL database: a lease per link (lease.ts) over
 * one connection of this instance's own, named `callboard lease <instance>` in pg_stat_activity.
 *
 * - Owned: the lease was acquired; its fence goes with every journal write for the link.
 * - Lost: a renewal found the row taken, or none succeeded by the owner's own deadline (a database
 *   gone silent), or the lease connection died (its backend terminated, the socket reset): then at
 *   once, without waiting for the deadline. The caller stops the link's connector on the spot.
 * - Standby: every `renewEveryMs` the instance tries again, so after an owner's death the link
 *   moves within ttl + one retry (10 s + 2 s by default, under the 15 s of issue #19), plus the new
 *   owner's connect, login and subscribe.
 */
export interface LeasedOwnershipOptions {
  readonly url: string;
  /** This instance (INSTANCE_ID): the lease rows' owner, unique per running process. */
  readonly instance: string;
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
  readonly logger?: Logger | undefined;
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_RENEW_MS = 2_000;

export function leasedOwnership(o: LeasedOwnershipOptions): LinkOwnership {
  const ttlMs = o.ttlMs ?? DEFAULT_TTL_MS;
  const renewEveryMs = o.renewEveryMs ?? DEFAULT_RENEW_MS;
  // One connection: the leases' queries are tiny. Connecting and each query give up well within a
  // renewal period, so a hung attempt never holds back the next one.
  const pool = openPgPool({
    url: o.url,
    max: 1,
    connectTimeoutMs: renewEveryMs,
    queryTimeoutMs: renewEveryMs,
    applicationName: `callboard lease ${o.instance}`.slice(0, 63),
    logger: o.logger,
  });
  const leases = new Set<Lease>();
  // The pool reports an idle connection's death here (a terminated backend, a reset): every lease
  // held over it is lost now. The pool connects anew for the next attempt.
  pool.on('error', () => {
    for (const lease of leases) lease.interrupt();
  });

  return {
    instance: o.instance,
    claim(link, on) {
      let holder: string | null | undefined;
      const lease = holdLease({
        pool,
        link,
        owner: o.instance,
        ttlMs,
        renewEveryMs,
        logger: o.logger,
        onAcquired: (fence) => {
          holder = o.instance;
          on.owned(fence);
        },
        onLost: () => {
          holder = undefined;
          on.lost();
        },
        onStandby: (next) => {
          if (next === holder) return;
          holder = next;
          on.standby(next);
        },
      });
      leases.add(lease);
      return {
        async release() {
          leases.delete(lease);
          await lease.stop();
        },
      };
    },
    async stop() {
      await Promise.all([...leases].map((lease) => lease.stop()));
      leases.clear();
      await pool.end();
    },
  };
}
