import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import type { DomainState } from '../../lib/domain/state';
import type { SourceStatus } from '../../lib/protocol';
import type { PortsipConfig } from '../config';
import { type BackfillSink, startGapBackfill } from './gapBackfill';
import { createRestNames } from './restNames';
import { createRestQueueLists } from './restQueueLists';
import { createWsiConnector } from './wsiConnector';

/** Where a link delivers: events to the recorder (journal, then hub), health to the hub. */
export interface LinkSink {
  ingest(events: readonly DomainEvent[]): void;
  setSourceStatus(status: SourceStatus): void;
  /** What the board believes now, for the self-checks; absent: the link checks nothing. */
  board?(): DomainState;
  /** Where REST is configured: journal a gap's calls from the PBX's CDRs (gapBackfill.ts). */
  readonly backfill?: BackfillSink;
}

/** Settings of the app rather than of one connection. */
export interface LinkRunOptions {
  /** Self-check period (RECONCILE_SECONDS); 0 or absent: no self-checks. */
  readonly reconcileMs?: number;
}

export interface RunningLink {
  stop(): Promise<void>;
}

/**
 * One PortSIP PBX as a source: the WSI connector, plus agent names from the REST API when configured.
 * Started at once; `stop()` closes everything and leaves the source's last status to the caller.
 */
export function startPortsipLink(
  id: string,
  portsip: PortsipConfig,
  sink: LinkSink,
  logger: Logger,
  now: () => number,
  run: LinkRunOptions = {},
): RunningLink {
  const stops: (() => Promise<void>)[] = [];
  const names = portsip.rest ? restNamesStarter(id, portsip, sink, logger, now, stops) : null;
  const selfCheck = selfCheckOf(portsip, sink, now, run);
  const backfill = startGapBackfill(id, portsip, sink, logger, now);
  if (backfill) stops.push(async () => backfill.stop());
  const link = createWsiConnector({
    id,
    url: portsip.url,
    auth: portsip.auth,
    queues: portsip.queues,
    extensions: portsip.extensions,
    tenants: portsip.tenants,
    tlsInsecure: portsip.tlsInsecure,
    logger: logger.child({ source: id }),
    now,
    onEvents: (events) => {
      sink.ingest(events);
      names?.(events[0]?.tenant);
      backfill?.observe(events);
    },
    ...(backfill ? { onGap: backfill.onGap, onResynced: backfill.onResynced } : {}),
    onStatus: (status) => sink.setSourceStatus(status),
    ...(selfCheck ? { selfCheck } : {}),
  });
  sink.setSourceStatus(link.status());
  link.start();
  stops.unshift(() => link.stop());
  return {
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}

/**
 * The link's self-checks (docs/metrics.md, "Drift"): the board as the sink sees it and, where REST is
 * configured with a username (the login the names refresh uses too), the queues' REST lists.
 */
function selfCheckOf(portsip: PortsipConfig, sink: LinkSink, now: () => number, run: LinkRunOptions) {
  const intervalMs = run.reconcileMs ?? 0;
  if (!sink.board || intervalMs <= 0) return undefined;
  const board = sink.board.bind(sink);
  const { rest, auth } = portsip;
  if (!rest || !auth.username) return { intervalMs, board };
  const lists = createRestQueueLists({
    baseUrl: rest.url,
    loginPath: rest.loginPath,
    auth: { username: auth.username, password: auth.password, domain: auth.domain },
    tlsInsecure: portsip.tlsInsecure,
    now,
  });
  return { intervalMs, board, rest: lists };
}

/**
 * Agent names from PortSIP's REST API (WSI frames carry numbers only). The names must land in the same
 * tenant scope as the WSI facts, so the enrichment starts once the tenant id is known: configured, or
 * learnt from the first WSI event. Returns the function the connector feeds tenant ids to.
 */
function restNamesStarter(
  id: string,
  portsip: PortsipConfig,
  sink: LinkSink,
  logger: Logger,
  now: () => number,
  stops: (() => Promise<void>)[],
): (tenant: string | undefined) => void {
  const rest = portsip.rest;
  let started = false;
  const start = (tenant: string) => {
    if (started || !rest || !portsip.auth.username) return;
    started = true;
    const names = createRestNames({
      baseUrl: rest.url,
      loginPath: rest.loginPath,
      auth: { username: portsip.auth.username, password: portsip.auth.password, domain: portsip.auth.domain },
      tenant,
      source: id,
      refreshMs: rest.refreshSeconds * 1000,
      tlsInsecure: portsip.tlsInsecure,
      logger: logger.child({ source: id, part: 'rest-names' }),
      now,
      onEvents: (events) => sink.ingest(events),
    });
    names.start();
    stops.push(async () => names.stop());
  };
  if (rest?.tenant) start(rest.tenant);
  return (tenant) => {
    if (tenant) start(tenant);
  };
}
