import type { SourceStatus } from '../../lib/protocol';
import type { Hub } from '../hub/hub';
import type { ClusterBus, ClusterMessage } from '../realtime/clusterMessages';

/** How often an owner tells its links' statuses again (a standby that missed one catches up). */
export const RETELL_MS = 5000;
/** A heard status older than this (its owner went quiet: dead, or cut off) gives way to "standby". */
export const HEARD_FOR_MS = 3 * RETELL_MS;

type Sink = Pick<Hub, 'setSourceStatus' | 'removeSource'>;

/**
 * Between the PBX links and the hub, on instances that share links (issue #19). Only the instance
 * that holds a link's lease knows how the link is (connected, reconnecting, its proof of life, its
 * drift); the others would show "standby", and their boards would call the link down while its
 * events reach them through the shared journal. So the owner tells its statuses to the other
 * instances (at each change and every RETELL_MS), and a standby shows the owner's status, marked as
 * held elsewhere, for as long as it keeps hearing it. Quiet for HEARD_FOR_MS (the owner died or lost
 * its database), the standby's own status shows again, until the next owner speaks.
 *
 * Times inside a heard status (proof of life) are the owner's server clock; instances are servers
 * kept by NTP, not PBXs, and a few ms of skew between them moves an age by as much.
 */
export interface SourceRelay extends Sink {
  /** Connects the relay to the other instances (once the bus exists). */
  attach(bus: ClusterBus): void;
  /** A status told by the instance that runs that link. */
  heard(message: Extract<ClusterMessage, { type: 'sourceStatus' }>): void;
  stop(): void;
}

export function createSourceRelay(hub: Sink, o: { now: () => number; retellMs?: number }): SourceRelay {
  const retellMs = o.retellMs ?? RETELL_MS;
  const heardForMs = 3 * retellMs;
  const owned = new Map<string, SourceStatus>();
  const standby = new Map<string, SourceStatus>();
  const heardFrom = new Map<string, { status: SourceStatus; at: number }>();
  let bus: ClusterBus | null = null;

  const tell = (status: SourceStatus) =>
    bus?.tell({
      type: 'sourceStatus',
      status: status as unknown as Extract<ClusterMessage, { type: 'sourceStatus' }>['status'],
    });

  const timer = setInterval(() => {
    for (const status of owned.values()) tell(status);
    // A heard status gone quiet: the standby's own status again.
    const now = o.now();
    for (const [id, h] of heardFrom)
      if (now - h.at > heardForMs) {
        heardFrom.delete(id);
        const own = standby.get(id);
        if (own) hub.setSourceStatus(own);
      }
  }, retellMs);
  timer.unref();

  return {
    setSourceStatus(status) {
      if (status.owner?.here) {
        owned.set(status.id, status);
        standby.delete(status.id);
        heardFrom.delete(status.id);
        tell(status);
        hub.setSourceStatus(status);
        return;
      }
      owned.delete(status.id);
      if (status.owner) standby.set(status.id, status);
      // A standby keeps showing the owner's status while it hears it.
      if (status.owner && heardFrom.has(status.id)) return;
      hub.setSourceStatus(status);
    },
    removeSource(id) {
      owned.delete(id);
      standby.delete(id);
      heardFrom.delete(id);
      hub.removeSource(id);
    },
    attach(next) {
      bus = next;
      for (const status of owned.values()) tell(status);
    },
    heard({ status }) {
      // Only for a link this instance stands by for: not one it runs, not one it does not have.
      if (owned.has(status.id) || !standby.has(status.id)) return;
      const shown: SourceStatus = {
        ...(status as unknown as SourceStatus),
        owner: { instance: status.owner.instance, here: false },
      };
      heardFrom.set(status.id, { status: shown, at: o.now() });
      hub.setSourceStatus(shown);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
