import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { can, describePrincipal, type Principal } from '../auth';
import { type LinkOwnership, singleInstance } from '../cluster/linkOwnership';
import { createAlertsApi } from '../http/alerts';
import type { Guard } from '../http/guard';
import type { Hub } from '../hub/hub';
import { attachAlertsLink } from '../realtime/alertsLink';
import type { ClusterBus } from '../realtime/clusterMessages';
import type { Storage } from '../storage';
import { createAlertEngine } from './engine';
import { type Notifier, SILENT_NOTIFIER } from './notification';
import { dispatchUnder, type OutboxDispatcher } from './outbox/dispatcher';

/** Board alerts' parts put together for app.ts: the engine, its routes, its socket side. */
export function createAlerts(o: {
  readonly hub: Hub;
  readonly storage: Pick<Storage, 'boards' | 'alerts' | 'users'>;
  readonly guard: Pick<Guard, 'check' | 'publicBoards'>;
  readonly notifier?: Notifier | undefined;
  /** Who evaluates: the instance holding the alerts lease (evaluatorLease.ts); default this one. */
  readonly ownership?: Pick<LinkOwnership, 'claim'>;
  /** The notification outbox's dispatcher: it delivers while this instance holds the alerts lease. */
  readonly outbox?: Pick<OutboxDispatcher, 'lead' | 'follow'>;
  readonly now: () => number;
  readonly logger: Logger;
}) {
  let bus: ClusterBus | undefined;
  const ownership = o.ownership ?? singleInstance('local');
  const engine = createAlertEngine({
    ownership: o.outbox ? dispatchUnder(ownership, o.outbox) : ownership,
    // The other instances read what the evaluator stored (their screens are theirs to tell).
    onStored: (ids) => {
      for (let i = 0; i < ids.length; i += 100)
        bus?.tell({ type: 'alertsChanged', alertIds: ids.slice(i, i + 100) });
    },
    source: o.hub,
    timezone: () => o.hub.state().settings.timezone,
    boards: o.storage.boards,
    store: o.storage.alerts,
    notifier: o.notifier ?? SILENT_NOTIFIER,
    now: o.now,
    logger: o.logger.child({ part: 'alerts' }),
  });
  const whoIs = async (p: Principal) =>
    p.kind === 'user'
      ? ((await o.storage.users.get(p.userId))?.email ?? describePrincipal(p))
      : p.kind === 'api'
        ? 'API token'
        : describePrincipal(p);
  const routes = createAlertsApi({
    guard: o.guard,
    alerts: engine,
    list: (q) => o.storage.alerts.list(q),
    whoIs,
    now: o.now,
  });
  let link: ReturnType<typeof attachAlertsLink> | null = null;
  let prune: ReturnType<typeof setInterval> | null = null;
  return {
    engine,
    routes,
    /** The screens' side, on the wallboard namespace. */
    attach(io: Server, cluster?: ClusterBus): void {
      bus = cluster;
      link = attachAlertsLink(io, {
        ...(cluster ? { cluster } : {}),
        alerts: engine,
        may: (principal, boardId) =>
          can(principal, 'board:read', { boardId }, { publicBoards: o.guard.publicBoards }),
        now: o.now,
        logger: o.logger,
      });
    },
    /** After today's state is replayed: evaluated from an empty day, every figure would look good. */
    async start(): Promise<void> {
      await engine.start();
      const pruneCleared = () =>
        engine.prune().catch((err: unknown) => o.logger.error({ err }, 'alerts: pruning failed'));
      void pruneCleared();
      prune = setInterval(pruneCleared, 6 * 3600_000);
      prune.unref();
    },
    /** Lets the alerts lease go (after the last write), so another instance evaluates at once. */
    async stop(): Promise<void> {
      if (prune) clearInterval(prune);
      link?.detach();
      await engine.stop();
    },
  };
}
