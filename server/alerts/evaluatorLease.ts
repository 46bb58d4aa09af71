import type { Fence } from '../cluster/fence';
import type { LinkClaim, LinkOwnership } from '../cluster/linkOwnership';

/**
 * One alert evaluator per cluster (issue #19). Board alerts are evaluated, stored and notified by the
 * one instance holding the "alerts" lease, the same lease PBX links are held by (server/cluster/
 * lease.ts through the LinkOwnership seam, leasedOwnership.ts): a row in link_leases, expiry by the
 * database's clock, an epoch per holder. Its fence goes with every write of the evaluator (the alert
 * store refuses a stale one, server/storage/postgres/alerts.ts), so an evaluator that lost the lease
 * cannot store, and so cannot notify (notifications follow a stored write). The other instances
 * follow: they serve the stored alerts to their screens and take over within the lease's ttl + one
 * retry when the evaluator dies (docs/decisions.md). One process on SQLite: `singleInstance` owns
 * it at once and for good, with no fence.
 */
/** The lease's name in link_leases: a ':' no PBX connection id has (lib/settings/ids.ts), so no clash. */
export const ALERTS_LEASE = 'callboard:alerts';

export interface EvaluatorRole {
  /** This instance evaluates from now; its writes carry `fence` (null: one instance, nothing to fence). */
  lead(fence: Fence | null): void;
  /** Stop evaluating now: another instance may take over at any moment. */
  follow(): void;
}

/** Contends for the alerts lease; `role` is told each change. */
export function claimEvaluator(ownership: Pick<LinkOwnership, 'claim'>, role: EvaluatorRole): LinkClaim {
  return ownership.claim(ALERTS_LEASE, {
    owned: (fence) => role.lead(fence),
    lost: () => role.follow(),
    standby: () => {},
  });
}
