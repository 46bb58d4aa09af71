import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import type { SourceStatus } from '../../lib/protocol';
import type { PortsipConfig } from '../config';
import { type BackfillSink, startGapBackfill } from './gapBackfill';
import { createRestNames } from './restNames';
import { createWsiConnector } from './wsiConnector';

/** Where a link delivers: events to the recorder (journal, then hub), health to the hub. */
export interface LinkSink {
  ingest(events: readonly DomainEvent[]): void;
  setSourceStatus(status: SourceStatus): void;
  /** Where REST is configured: journal a gap's calls from the PBX's CDRs (gapBackfill.ts). */
  readonly backfill?: BackfillSink;
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
): RunningLink {
  const stops: (() => Promise<void>)[] = [];
  const names = portsip.rest ? restNamesStarter(id, portsip, sink, logger, now, stops) : null;
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
