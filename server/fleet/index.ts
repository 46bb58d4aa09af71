import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { EVENTS } from '../../lib/protocol';
import type { Notifier } from '../alerts/notification';
import type { Auth } from '../auth';
import type { LinkClaim, LinkOwnership } from '../cluster/linkOwnership';
import { createFleetApi, type FleetSettings, fleetSettingsSchema } from '../http/fleet';
import { createPairingApi } from '../http/pairing';
import type { Admission } from '../realtime/handshake';
import type { Storage } from '../storage';
import type { AttemptStores } from '../storage/pairingCodes';
import { createClusterPresence } from './clusterPresence';
import { createPairings, type PairingLimits } from './pairing';
import { createLocalPresence } from './presence';
import { createReportPace, displayReportSchema } from './report';
import { createFleetWatch, EVALUATE_MS } from './watch';
import { claimWatcher } from './watcherLease';

const SETTINGS_KEY = 'fleet';
export const DEFAULT_FLEET_SETTINGS: FleetSettings = { alertAfterMinutes: 5 };

/**
 * The TVs (issue #18): pairing by code, their heartbeats over the socket, their state in Settings →
 * Displays, and the notifier told when one stays down. server/app.ts wires `routes` into the route
 * table, `onViewer` into the socket link, and `attach` to its namespace (the other instances'
 * displays, when there are others). Outages are told by the instance holding the fleet lease only.
 */
export function startFleet(o: {
  readonly storage: Pick<Storage, 'displays' | 'displayHealth' | 'settings' | 'boards'>;
  readonly auth: Auth;
  readonly notifier: Notifier;
  readonly now: () => number;
  readonly logger: Logger;
  /** A display revoked because its TV never collected its token. */
  readonly onRevoked: (displayId: number) => void;
  readonly pairingLimits?: Partial<PairingLimits>;
  /** Where pending pairings and guess counts live (shared by the instances with DATABASE_URL). */
  readonly attempts?: AttemptStores;
  /** Who watches the fleet: one process alone, or the holder of the fleet lease (watcherLease.ts). */
  readonly ownership: Pick<LinkOwnership, 'claim' | 'instance'>;
}) {
  const { storage, logger } = o;
  const settings = async (): Promise<FleetSettings> => {
    const parsed = fleetSettingsSchema.safeParse(await storage.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : DEFAULT_FLEET_SETTINGS;
  };
  const local = createLocalPresence(o.now);
  let remote: ReturnType<typeof createClusterPresence> | null = null;
  const watch = createFleetWatch({
    local,
    remote: () => remote,
    leading: false,
    displays: storage.displays,
    health: storage.displayHealth,
    notifier: o.notifier,
    now: o.now,
    alertAfterMs: async () => (await settings()).alertAfterMinutes * 60_000,
    boardName: async (id) => {
      const config = (await storage.boards.get(id))?.config as { name?: unknown } | undefined;
      return typeof config?.name === 'string' ? config.name : null;
    },
    logger: logger.child({ part: 'fleet' }),
  });
  let watcher: LinkClaim | null = null;
  const pairings = createPairings({
    now: o.now,
    ...(o.pairingLimits ? { limits: o.pairingLimits } : {}),
    ...(o.attempts ? { stores: o.attempts } : {}),
    onUnclaimed: (displayId) => {
      logger.warn({ displayId }, 'paired display never collected its token: revoked');
      void o.auth.displays.revoke(displayId).then(
        () => o.onRevoked(displayId),
        (err: unknown) => logger.error({ err, displayId }, 'could not revoke an unclaimed display'),
      );
    },
  });

  /** A display's socket: present while connected; its reports validated, paced, recorded. */
  function onViewer(socket: Socket, admission: Admission): void {
    const p = admission.principal;
    if (p.kind !== 'display') return;
    const pace = createReportPace(o.now);
    void watch.connected(p.displayId, socket.id);
    socket.on(EVENTS.report, (raw: unknown) => {
      const verdict = pace();
      if (verdict === 'drop') {
        logger.warn({ displayId: p.displayId }, 'display socket dropped: too many reports');
        socket.disconnect(true);
        return;
      }
      if (verdict === 'ignore') return;
      const report = displayReportSchema.safeParse(raw);
      if (report.success) void watch.report(p.displayId, report.data);
    });
    socket.on('disconnect', () => void watch.disconnected(p.displayId, socket.id));
  }

  return {
    routes: [
      ...createPairingApi({ auth: o.auth, pairings, boards: storage.boards, logger }),
      ...createFleetApi({
        auth: o.auth,
        watch,
        settings,
        save: (s) => storage.settings.put(SETTINGS_KEY, s, o.now()),
      }),
    ],
    onViewer,
    /**
     * Starts watching: `clustered` (DATABASE_URL), other instances share the namespace and are asked
     * for their displays; then the fleet lease is claimed (at once and for good on one process), so
     * no evaluation ever runs without the other instances' displays.
     */
    attach(nsp: Namespace, clustered: boolean): void {
      if (clustered)
        remote = createClusterPresence({
          nsp,
          instance: o.ownership.instance,
          local,
          everyMs: EVALUATE_MS,
          now: o.now,
          logger: logger.child({ part: 'fleet-presence' }),
        });
      watcher ??= claimWatcher(o.ownership, watch);
    },
    watch,
    pairings,
    async stop(): Promise<void> {
      watch.stop();
      pairings.stop();
      remote?.stop();
      await watcher?.release();
    },
  };
}
