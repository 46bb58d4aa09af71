import type pg from 'pg';
import type { Logger } from 'pino';
import { timerDelay } from '../timerDelay';
import type { Fence } from './fence';

/**
 * One owner per named link (a PBX connection), held through a row in link_leases with an expiry by
 * the database's clock and an epoch that goes up at every change of owner.
 *
 * - Acquire: insert the row, or take it over once it has expired (epoch + 1), in one statement.
 * - Renew every `renewEveryMs` while the row still names this owner and epoch and has not expired.
 * - Lose: a renewal finds the row gone to someone else, or no renewal has succeeded by the local
 *   deadline. The deadline counts from when the last successful renewal was *sent*, on this
 *   process's monotonic clock, less a margin: the database set the expiry later than that, so the
 *   owner gives up before the database would let anyone else take over. An owner cut off from the
 *   database (its connection killed, the network gone) therefore stops on its own, in time. When
 *   the owner hears its connection die (`interrupt`), it stops at once instead; if the database is
 *   still reachable it takes the row back with the next epoch (only the last holder knows the epoch
 *   it held, so two processes misconfigured with one name cannot steal the link from each other).
 * - Fence: every journal write of the owner carries {link, epoch}; the journal's transaction checks
 *   it against the row (server/cluster/fence.ts) and holds the row until it commits, so a stale
 *   owner's late write is refused, and no write of an old epoch commits after a takeover.
 *
 * Takeover takes at most ttlMs + renewEveryMs after the old owner's last renewal (defaults 10 s + 2 s,
 * under the 15 s of issue #19). Two clocks are never compared: expiry is the database's alone, and
 * the local deadline is measured on the local clock from a local instant.
 */
export interface LeaseOptions {
  /**
   * For the lease's queries. Give it a query timeout (openPgPool's queryTimeoutMs) well under the
   * lease term: a renewal hanging on a silent network would otherwise hold back every later attempt
   * (the loss itself is still declared on time, by the deadline).
   */
  readonly pool: pg.Pool;
  readonly link: string;
  /** This instance, as shown in link_leases.owner (unique per process). */
  readonly owner: string;
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
  /** Given up before the local deadline, for the two clocks' rates (default 10% of ttlMs). */
  readonly marginMs?: number;
  /** Monotonic ms (default performance.now). */
  readonly now?: () => number;
  readonly onAcquired: (fence: Fence) => void;
  /** The owner must stop using the link (and stop journaling for it) now. */
  readonly onLost: (fence: Fence, why: LeaseLoss) => void;
  /** After an attempt that found the link held by another: who holds it (null: nobody, it just lapsed). */
  readonly onStandby?: (holder: string | null) => void;
  readonly logger?: Logger | undefined;
}

/** taken: the row names someone else; deadline: no renewal by the local deadline; connection: it died. */
export type LeaseLoss = 'taken' | 'deadline' | 'connection';

export interface Lease {
  /** The fence while this instance holds the link, else null. */
  fence(): Fence | null;
  /**
   * The lease's connection died (server/cluster/leasedOwnership.ts hears it): the lease is lost now,
   * not at the deadline, and acquiring resumes. While the row still names this owner at the lost
   * epoch (nobody took it over), the next attempt takes it back at once with the next epoch, so the
   * writes of the lost epoch are refused from then on; a cut-off owner stays out.
   */
  interrupt(): void;
  /** Stops trying; a held lease is released at once so another instance can take it without waiting. */
  stop(): Promise<void>;
}

const DEFAULT_TTL_MS = 10_000;
const DEFAULT_RENEW_MS = 2_000;

export function holdLease(o: LeaseOptions): Lease {
  const ttlMs = o.ttlMs ?? DEFAULT_TTL_MS;
  const renewEveryMs = o.renewEveryMs ?? DEFAULT_RENEW_MS;
  const marginMs = o.marginMs ?? Math.ceil(ttlMs / 10);
  if (renewEveryMs * 2 > ttlMs - marginMs) throw new RangeError('renew at least twice per lease term');
  const now = o.now ?? (() => performance.now());
  let held: Fence | null = null;
  /** The epoch this owner held last: it may take the row back while the row is still at that epoch. */
  let lastEpoch = 0;
  let deadline: NodeJS.Timeout | null = null;
  let stopped = false;
  let busy = false;

  function lose(why: LeaseLoss): void {
    const fence = held;
    if (!fence) return;
    held = null;
    lastEpoch = fence.epoch;
    if (deadline) clearTimeout(deadline);
    deadline = null;
    o.logger?.warn({ link: o.link, epoch: fence.epoch, why }, 'link lease lost');
    o.onLost(fence, why);
  }

  /** The lease is ours until `sentAt + ttl - margin` on our clock, unless renewed before. */
  function armDeadline(sentAt: number): void {
    if (deadline) clearTimeout(deadline);
    deadline = setTimeout(() => lose('deadline'), timerDelay(sentAt + ttlMs - marginMs - now()));
  }

  async function tick(): Promise<void> {
    if (busy || stopped) return;
    busy = true;
    const sentAt = now();
    try {
      if (held) {
        const fence = held;
        const { rowCount } = await o.pool.query(
          `UPDATE link_leases SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
            WHERE link = $1 AND owner = $2 AND epoch = $3 AND expires_at > clock_timestamp()`,
          [o.link, o.owner, fence.epoch, ttlMs],
        );
        if (held !== fence || stopped) return; // lost (deadline) while the query ran: too late
        if (rowCount === 1) armDeadline(sentAt);
        else lose('taken');
      } else {
        const { rows } = await o.pool.query<{ epoch: string }>(
          `INSERT INTO link_leases AS l (link, owner, epoch, expires_at, acquired_at)
           VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond', clock_timestamp())
           ON CONFLICT (link) DO UPDATE
              SET owner = excluded.owner, epoch = l.epoch + 1,
                  expires_at = excluded.expires_at, acquired_at = excluded.acquired_at
            WHERE l.expires_at <= clock_timestamp() OR (l.owner = excluded.owner AND l.epoch = $4)
           RETURNING epoch`,
          [o.link, o.owner, ttlMs, lastEpoch],
        );
        const epoch = rows[0]?.epoch;
        if (stopped) return;
        if (epoch === undefined) {
          if (o.onStandby) await tellHolder(o.onStandby);
          return;
        }
        held = { link: o.link, epoch: Number(epoch) };
        armDeadline(sentAt);
        o.logger?.info({ link: o.link, epoch: held.epoch }, 'link lease acquired');
        o.onAcquired(held);
      }
    } catch (err) {
      // The database is unreachable: keep trying; the deadline decides when the lease is gone.
      o.logger?.warn({ err, link: o.link }, 'link lease: database unreachable');
    } finally {
      busy = false;
    }
  }

  async function tellHolder(onStandby: (holder: string | null) => void): Promise<void> {
    const { rows } = await o.pool.query<{ owner: string }>(
      'SELECT owner FROM link_leases WHERE link = $1 AND expires_at > clock_timestamp()',
      [o.link],
    );
    if (!stopped && !held) onStandby(rows[0]?.owner ?? null);
  }

  const timer = setInterval(() => void tick(), renewEveryMs);
  void tick();

  return {
    fence: () => held,
    interrupt: () => lose('connection'),
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (deadline) clearTimeout(deadline);
      const fence = held;
      held = null;
      if (!fence) return;
      await o.pool
        .query(
          `UPDATE link_leases SET expires_at = clock_timestamp() - interval '1 millisecond'
            WHERE link = $1 AND owner = $2 AND epoch = $3`,
          [o.link, o.owner, fence.epoch],
        )
        .catch((err) => o.logger?.warn({ err, link: o.link }, 'link lease: release failed; it will expire'));
    },
  };
}
