import type { Fence } from '../cluster/fence';
import type { LinkClaim, LinkOwnership } from '../cluster/linkOwnership';

/**
 * One fleet watcher per cluster (issue #19): displays' outages are evaluated and told (display.offline,
 * display.back) by the one instance holding the "fleet" lease, held like a PBX link's
 * (server/cluster/lease.ts through the LinkOwnership seam, leasedOwnership.ts): a row in link_leases
 * with an expiry by the database's clock. The holder stops at its own deadline, before the database
 * lets another take over; its stored outage steps carry the lease's fence (a lost lease's write is
 * refused, and a step is told only once stored); a new holder reads the stored outages again. So an
 * outage is told once by the cluster, not once per instance. The other instances keep serving Settings → Displays and
 * take over within the lease's ttl + one retry (10 s + 2 s) when the watcher goes. One process on
 * SQLite: `singleInstance` owns it at once and for good.
 */
/** The lease's name in link_leases: a ':' no PBX connection id has (lib/settings/ids.ts), so no clash. */
export const FLEET_LEASE = 'callboard:fleet';

export function claimWatcher(
  ownership: Pick<LinkOwnership, 'claim'>,
  watch: { lead(fence: Fence | null): unknown; follow(): void },
): LinkClaim {
  return ownership.claim(FLEET_LEASE, {
    owned: (fence) => void watch.lead(fence),
    lost: () => watch.follow(),
    standby: () => {},
  });
}
