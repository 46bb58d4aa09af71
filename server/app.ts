import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { DEFAULT_BOARD, DEFAULT_BOARD_ID } from '../lib/board/model';
import { domainSettingsOf } from '../lib/settings/general';

import type { Notifier } from './alerts/notification';
import { createOutboxDispatcher } from './alerts/outbox/dispatcher';
import { createAlerts } from './alerts/wiring';
import { startAccess } from './auth/bootstrap';
import { createLoginLimiter, DEFAULT_LOGIN_LIMITS } from './auth/loginLimiter';
import { NO_CHECKPOINTS, startCheckpoints } from './checkpoints';
import { startChores } from './chores';
import { createSourceRelay } from './cluster/sourceRelay';
import type { Config } from './config';
import { startFleet } from './fleet';
import { createFloorMessages } from './floor/wiring';
import { startHistory } from './history';
import { startClusterHistory } from './history/clusterHistory';
import { reportRoutes } from './history/reportRoutes';
import { createApi } from './http/api';
import { createAuthApi } from './http/auth';
import { createBoardApi } from './http/boards';
import { createDeadLetterApi } from './http/deadLetters';
import { createGuard } from './http/guard';
import { createHttpServer, listen } from './http/httpServer';
import { createMetrics } from './http/metrics';
import { createRouter } from './http/router';
import { createHub } from './hub/hub';
import { eventLoopPace } from './hub/patchPace';
import { settingsSyncTokens } from './pbx/gapBackfill';
import { startPbxSources } from './pbx/startSources';
import { openProcessStorage } from './processStorage';
import { openSocketCluster } from './realtime/cluster';
import { openSockets } from './realtime/sockets';
import { openRecording } from './recording';
import { markCleanStop, sayServerStopped, stoppedSince } from './serverStopped';
import { startAlertChannels } from './settings/alertChannelSettings';
import { createGeneralSettings, loadGeneralSettings } from './settings/generalSettings';
import { createPbxSettings } from './settings/pbxSettings';
import { startWebhooks } from './webhooks/wiring';

/**
 * Callboard's process, minus the Next.js pages: storage, hub, journal replay, HTTP routes, the
 * Socket.IO link and the PBX links. server/index.ts hands it Next's request handlers; anything no
 * Callboard route claims goes to `fallback`.
 */
export interface CallboardOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => number;
  readonly fallback: (req: IncomingMessage, res: ServerResponse) => void;
  readonly upgradeFallback?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  readonly buildId?: string;
  /** Where notifications go instead of the saved alert channels (server/alerts/notification.ts). */
  readonly notifier?: Notifier;
}

export async function startCallboard(o: CallboardOptions) {
  const { config, logger } = o;
  const processStart = o.now();
  // DATABASE_URL: the sockets' messages are shared with the other instances (server/realtime/cluster.ts).
  const cluster = await openSocketCluster(config, logger);
  // DATABASE_URL: settings, accounts, displays, boards, alerts… are shared on PostgreSQL too.
  const stores = await openProcessStorage({ config, logger, now: o.now });
  const { storage, shared, attempts } = stores;
  // Read before this process journals anything: where a "server stopped" gap begins.
  const stoppedAt = await stoppedSince(storage);
  // Insert-if-free: instances starting together on one database cannot overwrite an edited board.
  await storage.boards.insert(DEFAULT_BOARD_ID, DEFAULT_BOARD);
  const { auth, vault } = await startAccess({ config, storage, now: o.now, logger });
  // DEMO=1 keeps its default board open without login; nothing else is ever open.
  const guard = createGuard({
    auth,
    boards: storage.boards,
    publicBoards: new Set(config.demo ? [DEFAULT_BOARD_ID] : []),
  });
  const settingsAccess = (req: IncomingMessage, need: 'read' | 'write') =>
    guard.check(req, need === 'read' ? 'settings:read' : 'settings:write');

  // Settings → General (the environment seeds them on the first start) decide the day and thresholds.
  const general = await loadGeneralSettings(storage.settings, config, o.now(), logger);
  const hub = createHub({
    settings: domainSettingsOf(general),
    now: o.now,
    // 72 random bits tell runs apart; 12 characters, not a UUID's 36: every heartbeat carries it.
    epoch: randomBytes(9).toString('base64url'),
    windowMs: eventLoopPace(),
    clockWarnMs: config.clockWarnSeconds * 1000,
    ...(o.buildId ? { buildId: o.buildId } : {}),
  });
  // Read on each scrape only; its sinks count webhook answers and time journal writes.
  const metrics = createMetrics({
    link: () => wallboard.stats(),
    storage: storage.health,
    allow: (req) => settingsAccess(req, 'read'),
    metricsToken: config.metricsToken,
    state: hub.state,
    sources: hub.sources,
    now: o.now,
    hub: hub.stats,
    journalFailures: () => recorder.stats().journalFailures,
  });
  // DATABASE_URL: the journal is shared with the other instances, and so are the PBX links' leases.
  const recording = await openRecording({
    config,
    storage,
    hub,
    now: o.now,
    logger,
    timeJournalWrite: metrics.sinks.timeJournalWrite,
  });
  const { recorder } = recording;

  const webhooks = await startWebhooks({
    config,
    storage,
    vault,
    hub,
    recorder,
    authorize: settingsAccess,
    counts: metrics.sinks.webhooks,
    now: o.now,
    logger,
    address: () => server.address(),
  });

  let ready = false;
  const readApi = createApi({
    snapshot: hub.snapshot,
    now: o.now,
    scope: async (req) => {
      const access = await guard.check(req, 'state:read');
      return guard.scopeOf(access.ok ? access.principal : await auth.authenticate(req));
    },
    ready: () => ready && recording.caughtUp(),
    storage: storage.health,
    instance: config.instanceId,
    closing: () => history.closing(),
  });
  // Settings → Alerts: its notifier is what alert rules and the displays' watch tell.
  const alertChannels = startAlertChannels({
    storage,
    vault,
    authorize: settingsAccess,
    publicUrl: config.publicUrl,
    now: o.now,
    logger: logger.child({ part: 'alert-channels' }),
  });
  // Every notification is stored in the outbox before a channel is told; the alerts lease's holder
  // delivers (server/alerts/outbox/dispatcher.ts).
  const outbox = o.notifier
    ? null
    : createOutboxDispatcher({
        store: storage.outbox,
        channels: alertChannels.notifier,
        now: o.now,
        logger: logger.child({ part: 'outbox' }),
      });
  const notifier = o.notifier ?? outbox?.notifier ?? alertChannels.notifier;
  // One evaluator per cluster: the instance holding the alerts lease (server/alerts/evaluatorLease.ts).
  const alerts = createAlerts({
    hub,
    storage,
    guard,
    notifier,
    ownership: recording.ownership,
    ...(outbox ? { outbox } : {}),
    now: o.now,
    logger,
  });
  const boardApi = createBoardApi({
    boards: storage.boards,
    guard,
    onChange: (boardId) => {
      wallboard.readmitBoard(boardId, guard.publicBoards.has(boardId));
      void alerts.engine.boardsChanged();
      bus.tell({ type: 'boardChanged', boardId });
    },
  });
  const authApi = createAuthApi({
    auth,
    boards: storage.boards,
    logger: logger.child({ part: 'auth' }),
    loginLimiter: createLoginLimiter(DEFAULT_LOGIN_LIMITS, attempts.limiter),
    onRevoke: (r) => wallboard.revoke(r),
    onReload: (displayId) => wallboard.reloadDisplay(displayId),
  });
  // A PBX link's status, told by the instance that runs it to those that stand by (cluster/sourceRelay.ts).
  const sourceRelay = createSourceRelay(hub, { now: o.now });
  const pbxSettings = createPbxSettings({
    rows: storage.pbxConnections,
    vault,
    ownership: recording.ownership,
    sink: {
      ingest: recorder.ingest,
      setSourceStatus: sourceRelay.setSourceStatus,
      removeSource: sourceRelay.removeSource,
      board: hub.state,
      backfill: {
        accept: recorder.accept,
        syncTokens: settingsSyncTokens(storage.settings, o.now),
        gaps: () => hub.state().gaps ?? [],
      },
    },
    sources: hub.sources,
    authorize: settingsAccess,
    now: o.now,
    logger: logger.child({ part: 'pbx' }),
    reconcileMs: config.reconcileSeconds * 1000,
  });
  const generalSettings = createGeneralSettings({
    store: storage.settings,
    initial: general,
    hub,
    rebuildToday: recording.rebuildToday,
    guard,
    authenticate: auth.authenticate,
    now: o.now,
    logger: logger.child({ part: 'settings' }),
    onSaved: () => {
      wallboard.settingsChanged();
      bus.tell({ type: 'settingsSaved' });
      checkpoints.settingsSaved();
    },
  });
  // History closes the days missed while stopped in the background, beside the start-up replay.
  // DATABASE_URL: once per cluster, by the history lease's holder, from the shared journal.
  const historyOptions = {
    hub,
    settings: () => hub.state().settings,
    historyDays: () => generalSettings.current().historyDays,
    journalDays: config.journal.retentionDays,
    now: o.now,
    logger: logger.child({ part: 'history' }),
  };
  const history =
    recording.shared && config.databaseUrl !== null
      ? startClusterHistory({
          ...historyOptions,
          url: config.databaseUrl,
          instance: config.instanceId,
          ownership: recording.ownership,
          history: storage.asyncHistory,
        })
      : startHistory({ ...historyOptions, storage, whenSettled: recorder.whenSettled });
  const deadLetterApi = createDeadLetterApi({
    deadLetters: storage.deadLetters,
    replay: webhooks.replay,
    authorize: (req) => guard.check(req, req.method === 'GET' ? 'deadLetters:read' : 'deadLetters:replay'),
    now: o.now,
  });

  // Floor messages and the TVs (issue #18): told to the viewers through the socket link below.
  const floor = await createFloorMessages({ storage, guard, now: o.now, logger });
  const fleet = startFleet({
    storage,
    auth,
    notifier,
    now: o.now,
    logger: logger.child({ part: 'fleet' }),
    attempts,
    onRevoked: (displayId) => wallboard.revoke({ kind: 'display', displayId }),
    // One fleet watcher per cluster: the instance holding the fleet lease (server/fleet/watcherLease.ts).
    ownership: recording.ownership,
  });

  // One route table; paths no route claims are Next's pages, except under /api/ (a JSON 404).
  const route = createRouter(
    [
      ...readApi,
      ...webhooks.routes,
      ...authApi,
      ...boardApi,
      ...deadLetterApi,
      ...pbxSettings.api,
      ...generalSettings.api,
      ...alertChannels.routes,
      ...metrics.routes,
      ...fleet.routes,
      ...floor.routes,
      ...alerts.routes,
      ...reportRoutes({
        storage,
        state: hub.state,
        guard,
        // Shared: from the shared journal, under the cluster's history lock (history/clusterHistory.ts).
        recount: (day) => history.recount(day),
        closing: () => history.closing(),
        journalDays: config.journal.retentionDays,
        now: o.now,
      }),
    ],
    { owned: ['/api/'] },
  );
  const server = createHttpServer({ config, logger, route, fallback: o.fallback });

  // Viewers wait at the door until today's journal is replayed (markReady below).
  const { nsp, bus, wallboard, ...sockets } = openSockets({
    server,
    cluster,
    hub,
    auth,
    guard,
    logger,
    upgradeFallback: o.upgradeFallback,
    onViewer: (socket, admission) => {
      floor.greet(socket);
      fleet.onViewer(socket, admission);
    },
  });
  floor.attach(nsp, bus);
  // The TVs on the other instances are asked for, then the fleet lease claimed (server/fleet/index.ts).
  fleet.attach(nsp, cluster !== null);
  alerts.attach(sockets.io, bus);
  bus.handle({
    settingsSaved: () => void generalSettings.reread(),
    boardChanged: () => alerts.engine.boardsChanged(),
    floorChanged: () => floor.floor.reread(),
    alertsActed: (m) => {
      // An acknowledgement made on another instance: its notice is in the outbox; sent now, not at the next poll.
      void outbox?.sweep();
      return alerts.engine.reread(m.alertIds);
    },
    alertsChanged: (m) => alerts.engine.reread(m.alertIds),
    sourceStatus: (m) => sourceRelay.heard(m),
  });
  sourceRelay.attach(bus);

  const port = await listen(server, config.port, config.host);

  await recording.readToday();
  // Restart checkpoints hold a position in the own journal (a shared one is read whole at start).
  const checkpoints = recording.shared
    ? NO_CHECKPOINTS
    : startCheckpoints({
        hub,
        whenSettled: recorder.whenSettled,
        store: storage.checkpoints,
        now: o.now,
        logger: logger.child({ part: 'checkpoints' }),
        ...config.checkpoint,
      });

  await webhooks.settings.announce();
  // DEMO=1: the simulated PBXs first, caught up to now; then every saved connection.
  const demo = await startPbxSources({
    config,
    storage,
    vault,
    hub,
    accept: recorder.accept,
    webhooks: { baseUrl: `http://127.0.0.1:${port}`, token: webhooks.token },
    pbx: pbxSettings,
    closeMissed: () => history.closeMissed(),
    now: o.now,
    logger,
  });
  sayServerStopped({
    since: stoppedAt,
    startedAt: processStart,
    sources: hub.sources(),
    demoPlan: demo?.plan,
    now: o.now(),
    ingest: recorder.ingest,
  });
  const chores = startChores({
    config,
    storage,
    shared,
    ownership: recording.ownership,
    hub,
    ingest: recorder.ingest,
    pruneSessions: () => auth.sessions.prune(),
    now: o.now,
    logger,
  });
  await alerts.start();
  ready = true;
  sockets.markReady();

  return {
    port,
    hub,
    storage,
    recorder,
    /** DEMO=1: the simulated PBXs and what they really did (server/demo). */
    demo,
    /** The live link's counters: dropped slow consumers, refused handshakes, … (server/realtime/linkStats.ts). */
    linkStats: wallboard.stats,
    history,
    /** Hands notifications to the alert channels (server/alerts/notification.ts). */
    notifier,
    /** The TVs: pairing, heartbeats, their state (server/fleet). */
    fleet,
    floor: floor.floor,
    alerts: alerts.engine,
    async stop(): Promise<void> {
      // Deliveries end before the alerts lease is let go: the next holder must not send what an
      // attempt here is still sending (the outbox keeps what waits; outcomes stored first).
      outbox?.follow();
      await alertChannels.stop();
      await outbox?.stop();
      await alerts.stop();
      await chores.stop();
      floor.stop();
      await fleet.stop();
      await history.stop();
      // The links before the simulator they are connected to.
      await pbxSettings.stop();
      sourceRelay.stop();
      await recording.stop();
      await demo?.stop();
      await checkpoints.stop();
      hub.flush();
      wallboard.detach();
      hub.stop();
      await sockets.close();
      server.closeAllConnections();
      await markCleanStop(storage.settings, o.now(), logger);
      await stores.close();
    },
  };
}

export type Callboard = Awaited<ReturnType<typeof startCallboard>>;
