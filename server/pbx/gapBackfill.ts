import type { Logger } from 'pino';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import type { SourceGap } from '../../lib/domain/state';
import type { PortsipConfig } from '../config';
import type { AppendResult, JournalEntry, SettingsStore } from '../storage/types';
import { createCdrBackfill, type SyncTokenStore } from './cdrBackfill';
import { createRestSession } from './restSession';

/** What a link needs to backfill its gaps: the recorder's journal path and where sync tokens live. */
export interface BackfillSink {
  readonly accept: (entry: JournalEntry) => Promise<AppendResult>;
  readonly syncTokens: SyncTokenStore;
  /** Today's gaps as the hub knows them: a "server stopped" one is backfilled once the link is up. */
  readonly gaps: () => readonly SourceGap[];
}

/**
 * A PortSIP link's gap backfill, where REST is configured on the connection (docs/metrics.md, "Gaps"):
 * each gap the link records is handed to cdrBackfill.ts, with the tenant and clock offset the link's
 * own facts showed. null when the connection has no REST (its gaps stay shown).
 */
export function startGapBackfill(
  id: string,
  portsip: PortsipConfig,
  sink: { readonly ingest: (events: readonly DomainEvent[]) => void; readonly backfill?: BackfillSink },
  logger: Logger,
  now: () => number,
) {
  const rest = portsip.rest;
  const username = portsip.auth.username;
  if (!rest || !sink.backfill || !username) return null;
  const client = createRestSession({
    baseUrl: rest.url,
    loginPath: rest.loginPath,
    auth: { username, password: portsip.auth.password, domain: portsip.auth.domain },
    tlsInsecure: portsip.tlsInsecure,
    now,
  });
  let tenant = rest.tenant ?? undefined;
  let offsetMs = 0;
  let stoppedChecked = false;
  const gaps = sink.backfill.gaps;
  const backfill = createCdrBackfill({
    source: id,
    request: client.request,
    tokens: sink.backfill.syncTokens,
    tenant: () => tenant,
    clockOffsetMs: () => offsetMs,
    accept: sink.backfill.accept,
    ingest: sink.ingest,
    now,
    logger: logger.child({ source: id, part: 'gap-backfill' }),
  });
  return {
    /** The link's facts: the tenant they name, the clock estimate they carry. */
    observe(events: readonly DomainEvent[]): void {
      for (const e of events) {
        if (e.type === 'sourceClockEstimated') offsetMs = e.offsetMs;
        else if (tenant === undefined && e.tenant !== undefined) tenant = e.tenant;
      }
    },
    onGap(gap: SourceGapRecorded): void {
      void backfill.backfill(gap);
    },
    /** The first time the link is up: the "server stopped" gaps of its source still unrepaired. */
    onResynced(): void {
      if (stoppedChecked) return;
      stoppedChecked = true;
      for (const g of gaps()) {
        if (g.source !== id || g.reason !== 'serverStopped' || g.backfill?.outcome === 'filled') continue;
        const { key, to, reason } = g;
        void backfill.backfill({ ...STOPPED, source: id, at: now(), from: key, to, reason });
      }
    },
    stop(): void {
      client.stop();
    },
  };
}

const STOPPED = { type: 'sourceGapRecorded', origin: 'portsip-wsi', atArrival: true } as const;

/** Sync tokens kept in the settings table, one row per source, so a restart goes on from the last. */
export function settingsSyncTokens(
  settings: Pick<SettingsStore, 'get' | 'put'>,
  now: () => number,
): SyncTokenStore {
  const key = (source: string) => `pbx.cdrSyncToken.${source}`;
  return {
    async get(source) {
      const v = await settings.get(key(source));
      return typeof v === 'string' ? v : undefined;
    },
    put: (source, token) => settings.put(key(source), token, now()),
  };
}
