import type { Logger } from 'pino';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import type { DomainState } from '../../lib/domain/state';
import type { SourceHealth, SourceStatus } from '../../lib/protocol';
import { SourceClock } from '../../lib/sources/clockOffset';
import { authCommand, type WsiAuth } from '../../lib/sources/portsip/commands';
import { createGlobalSession } from './globalSession';
import type { RestQueueLists } from './restQueueLists';
import { createTenantSession } from './tenantSession';
import { resolveTiming, type WsiTiming } from './timing';
import { createWsiLink, type LinkCounters, type WsiLink } from './wsiLink';

export interface WsiConnectorOptions {
  /** Source id, copied into events (ctx.source) and the status. */
  id: string;
  /** ws:// or wss:// */
  url: string;
  /** No domain = the PBX system administrator. */
  auth: WsiAuth;
  /** Empty/absent = every queue the PBX announces. */
  queues?: readonly string[];
  /** Empty/absent = every agent the queue snapshots reveal. */
  extensions?: readonly string[];
  /** Tenant ids followed through the global_* topics, on a second connection. */
  tenants?: readonly string[];
  /** Accept a self-signed PBX certificate. */
  tlsInsecure?: boolean;
  timing?: Partial<WsiTiming>;
  /** The app's clock, for receivedAt. Timers always run on real (or vitest-faked) time. */
  now: () => number;
  /** Jitter source for the backoff (default Math.random). */
  random?: () => number;
  logger: Logger;
  /** Accepted events of one frame, in frame order. */
  onEvents: (events: readonly DomainEvent[]) => void;
  /** A gap was recorded (also among the events): the link was down and is back (gapWatch.ts). */
  onGap?: (gap: SourceGapRecorded) => void;
  /** A link's fresh snapshots are in (each (re)connect). */
  onResynced?: () => void;
  /** Every change of status or detail, and lastEventAt progress (at most one call per second of PBX time). */
  onStatus: (status: SourceStatus) => void;
  /**
   * Self-checks against the PBX (docs/metrics.md, "Drift"): what the board believes, checked on the
   * tenant connection once resynced and then every intervalMs (0 or absent: never); with `rest`, the
   * queues' REST lists too.
   */
  selfCheck?: { intervalMs: number; board: () => DomainState; rest?: RestQueueLists };
}

export interface WsiConnector {
  start(): void;
  /** Closes the socket(s) and clears every timer; resolves once closed. No reconnect afterwards. */
  stop(): Promise<void>;
  status(): SourceStatus;
  stats(): { framesIn: number; badFrames: number; reconnects: number };
}

/** Worst first: the source shows the state of its least healthy connection. */
const SEVERITY: Record<SourceHealth, number> = {
  error: 4,
  disconnected: 3,
  connecting: 2,
  resyncing: 1,
  connected: 0,
};

/**
 * Proof of life (a frame or a pong) is reported in steps this long: far below the 2 minutes after
 * which a board shows a figure's age (lib/board/freshness.ts), far above the ping interval.
 */
const PROOF_OF_LIFE_REPORT_STEP_MS = 30_000;

/** lastEventAt advances with every event; reporting each one would flood the hub for no visible gain. */
const EVENT_TIME_REPORT_STEP_MS = 1_000;

export function createWsiConnector(o: WsiConnectorOptions): WsiConnector {
  authCommand(o.auth); // fails now, at start-up, if the auth config cannot make a login
  const timing = resolveTiming(o.timing);
  const counters: LinkCounters = { framesIn: 0, badFrames: 0, reconnects: 0 };
  const tenants = o.tenants ?? [];
  let reported: SourceStatus | null = null;

  const common = {
    source: o.id,
    url: o.url,
    auth: o.auth,
    tlsInsecure: o.tlsInsecure ?? false,
    timing,
    now: o.now,
    // One PBX, one clock: both connections of a source sample it (links reset it on reconnect).
    clock: new SourceClock(o.id, 'portsip-wsi'),
    random: o.random ?? Math.random,
    counters,
    onEvents: (events: readonly DomainEvent[]) => {
      o.onEvents(events);
      report();
    },
    onHealthChange: report,
    ...(o.onGap ? { onGap: o.onGap } : {}),
    ...(o.onResynced ? { onResynced: o.onResynced } : {}),
  };
  const links: { name: string; link: WsiLink }[] = [
    {
      name: 'tenant',
      link: createWsiLink({
        ...common,
        logger: o.logger.child({ link: 'tenant' }),
        closesLostOnResync: true,
        ...(o.selfCheck ? { selfCheck: o.selfCheck } : {}),
        createSession: (hooks) =>
          createTenantSession({ queues: o.queues ?? [], extensions: o.extensions ?? [] }, timing, hooks),
      }),
    },
  ];
  if (tenants.length > 0) {
    links.push({
      name: 'global',
      link: createWsiLink({
        ...common,
        logger: o.logger.child({ link: 'global' }),
        createSession: (hooks) => createGlobalSession(tenants, timing, hooks),
      }),
    });
  }

  function current(): SourceStatus {
    let status: SourceHealth = 'connected';
    let lastEventAt: number | null = null;
    let lastProofOfLifeAt: number | null = null;
    const details: string[] = [];
    for (const { name, link } of links) {
      const h = link.health();
      if (SEVERITY[h.status] > SEVERITY[status]) status = h.status;
      if (h.lastEventAt !== null) lastEventAt = Math.max(lastEventAt ?? h.lastEventAt, h.lastEventAt);
      if (h.lastProofOfLifeAt !== null)
        lastProofOfLifeAt = Math.max(lastProofOfLifeAt ?? h.lastProofOfLifeAt, h.lastProofOfLifeAt);
      if (h.detail !== null) details.push(links.length > 1 ? `${name}: ${h.detail}` : h.detail);
    }
    const detail = details.length > 0 ? details.join('; ') : null;
    return { id: o.id, kind: 'portsip-wsi', status, lastEventAt, detail, lastProofOfLifeAt };
  }

  function report(): void {
    const next = current();
    const prev = reported;
    const changed = !prev || prev.status !== next.status || prev.detail !== next.detail;
    const progressed =
      next.lastEventAt !== null &&
      (prev?.lastEventAt == null ||
        Math.abs(next.lastEventAt - prev.lastEventAt) >= EVENT_TIME_REPORT_STEP_MS);
    const alive =
      next.lastProofOfLifeAt != null &&
      (prev?.lastProofOfLifeAt == null ||
        next.lastProofOfLifeAt - prev.lastProofOfLifeAt >= PROOF_OF_LIFE_REPORT_STEP_MS);
    if (!changed && !progressed && !alive) return;
    reported = next;
    o.onStatus(next);
  }

  return {
    start() {
      for (const { link } of links) link.start();
    },
    async stop() {
      await Promise.all(links.map(({ link }) => link.stop()));
    },
    status: current,
    stats: () => ({ ...counters }),
  };
}
