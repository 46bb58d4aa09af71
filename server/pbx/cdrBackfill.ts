import type { Logger } from 'pino';
import type { DomainEvent, SourceGapBackfilled, SourceGapRecorded } from '../../lib/domain/events';
import {
  CDR_SYNC_TOKENS_PATH,
  cdrDiffPath,
  cdrPath,
  normalizeRestCdr,
  readCdrDiff,
  readCdrReply,
  readSyncToken,
  syncTokenQuery,
} from '../../lib/sources/portsip/restCdr';
import { type AppendResult, type JournalEntry, StorageUnavailableError } from '../storage/types';
import { RestError, type RestReply, safePath } from './restClient';

/**
 * A gap's calls from the PBX's own records (docs/metrics.md, "Gaps"): the CDRs created since the last
 * backfill (PortSIP's sync-token diff; the first time, since the gap's start), each read in full with
 * GET /cdrs/{id}, normalized by lib/sources/portsip/restCdr.ts and journaled through the recorder
 * like any arrival, one entry per CDR under a dedupe key of its id: a CDR fetched twice is stored once,
 * and one whose call also arrived live is the same call (its SIP Call-ID, reduce/callAliases.ts).
 * Then the gap is said `filled`. Bounded: a few diff pages, a few hundred CDRs; any failure (HTTP
 * 401, 500, a timeout, a full disk) leaves the gap shown and says why (`failed`). Never throws.
 */
export interface SyncTokenStore {
  get(source: string): string | undefined | Promise<string | undefined>;
  put(source: string, token: string): void | Promise<void>;
}

export interface CdrBackfillOptions {
  readonly source: string;
  readonly request: (method: string, path: string, query?: Record<string, string>) => Promise<RestReply>;
  readonly tokens: SyncTokenStore;
  /** The tenant the link's facts carry, so the calls land in the same scope. */
  readonly tenant: () => string | undefined;
  /** Server time − PBX time (ms), as last estimated from the link's frames; 0 when unknown. */
  readonly clockOffsetMs: () => number;
  readonly accept: (entry: JournalEntry) => Promise<AppendResult>;
  readonly ingest: (events: readonly DomainEvent[]) => void;
  readonly now: () => number;
  readonly logger: Logger;
  readonly maxDiffPages?: number;
  readonly maxCalls?: number;
}

export const DEFAULT_MAX_DIFF_PAGES = 20;
export const DEFAULT_MAX_CALLS = 500;
/** Whole-second PBX times and an estimated offset: a call ending this close to the gap is in it. */
const EDGE_MS = 5_000;

const ok2xx = (status: number) => status >= 200 && status < 300;

/** More changes than one backfill reads. */
class TooMany extends RestError {}

export function createCdrBackfill(o: CdrBackfillOptions) {
  const maxPages = o.maxDiffPages ?? DEFAULT_MAX_DIFF_PAGES;
  const maxCalls = o.maxCalls ?? DEFAULT_MAX_CALLS;
  // One backfill at a time: each starts from the token the one before it kept.
  let queue: Promise<unknown> = Promise.resolve();

  async function expect2xx(method: string, path: string, query?: Record<string, string>): Promise<string> {
    const res = await o.request(method, path, query);
    if (!ok2xx(res.status)) throw new RestError(`${method} ${safePath(path)}: HTTP ${res.status}`);
    return res.body;
  }

  /**
   * The ids of the CDRs created or changed since `token` that may have ended in the gap (the diff's own
   * items say when a call ended; one that does not say is fetched), and the token to keep.
   */
  async function changedIds(start: string, inGap: (pbxEnd: number) => boolean) {
    let token = start;
    const ids = new Set<string>();
    for (let page = 0; ; page++) {
      if (page >= maxPages) throw new TooMany(`more than ${maxPages} pages of changes: the rest not fetched`);
      const diff = readCdrDiff(await expect2xx('POST', cdrDiffPath(token)));
      if (!diff) throw new RestError('CDR diff: unexpected response (expected { token, items })');
      for (const c of diff.changes) {
        if (c.change !== 'deleted' && (c.endedAt === undefined || inGap(c.endedAt))) ids.add(c.id);
      }
      if (ids.size > maxCalls) throw new TooMany(`more than ${maxCalls} calls: the rest not fetched`);
      const next: string = diff.token ?? token;
      if (diff.changes.length === 0 || next === token) return { ids: [...ids], token: next };
      token = next;
    }
  }

  async function tokenFrom(fromPbx: number): Promise<string> {
    const made = readSyncToken(await expect2xx('POST', CDR_SYNC_TOKENS_PATH, syncTokenQuery(fromPbx)));
    if (made === undefined) throw new RestError('sync token: unexpected response (expected { token })');
    return made;
  }

  /** Fetch, normalize and journal the gap's calls; how many were in it. */
  async function fill(gap: SourceGapRecorded): Promise<number> {
    const offset = o.clockOffsetMs();
    // On the server's timeline (the PBX's end moved by the source's offset), with a margin.
    const inGap = (pbxEnd: number) =>
      pbxEnd + offset >= gap.from - EDGE_MS && pbxEnd + offset <= gap.to + EDGE_MS;
    const fromPbx = gap.from - offset - EDGE_MS;
    const stored = await o.tokens.get(o.source);
    let changed: { ids: string[]; token: string };
    try {
      changed = await changedIds(stored ?? (await tokenFrom(fromPbx)), inGap);
    } catch (err) {
      // A kept token from long ago can hold more changes than one backfill reads: start from the gap.
      if (!(err instanceof TooMany) || stored === undefined) throw err;
      changed = await changedIds(await tokenFrom(fromPbx), inGap);
    }
    let calls = 0;
    for (const id of changed.ids) {
      const cdr = readCdrReply(await expect2xx('GET', cdrPath(id)));
      if (!cdr) throw new RestError(`CDR ${id}: unexpected response`);
      const tenant = o.tenant();
      const normalized = normalizeRestCdr(cdr, { source: o.source, ...(tenant ? { tenant } : {}) });
      if (!normalized.ok) {
        o.logger.warn({ reason: normalized.error }, 'PortSIP REST: CDR skipped');
        continue;
      }
      const events = normalized.events;
      // Only the calls that ended in the gap: the others arrived live.
      if (!inGap(events[0]?.at ?? 0)) continue;
      await o.accept({
        source: o.source,
        kind: 'portsip-wsi',
        receivedAt: o.now(),
        events,
        dedupeKey: `portsip-rest-cdr:${o.source}:${id}`,
      });
      calls += 1;
    }
    // Kept only once every call is journaled: a failed backfill asks from the old token again.
    await o.tokens.put(o.source, changed.token);
    return calls;
  }

  async function run(gap: SourceGapRecorded): Promise<SourceGapBackfilled> {
    const said = await attempt(gap);
    o.ingest([said]);
    return said;
  }

  async function attempt(gap: SourceGapRecorded): Promise<SourceGapBackfilled> {
    const said = { source: gap.source, origin: gap.origin, atArrival: true as const, from: gap.from };
    try {
      const calls = await fill(gap);
      o.logger.info({ from: gap.from, to: gap.to, calls }, 'gap backfilled from the PBX’s CDRs');
      return { ...said, type: 'sourceGapBackfilled', at: o.now(), outcome: 'filled', calls };
    } catch (err) {
      const why =
        err instanceof RestError
          ? err.message
          : err instanceof StorageUnavailableError
            ? 'the journal refused the calls'
            : 'unexpected error';
      if (!(err instanceof RestError)) o.logger.error({ err }, 'gap backfill failed');
      o.logger.warn({ from: gap.from, to: gap.to, reason: why }, 'gap backfill failed: the gap stays shown');
      const detail = `backfill failed: ${why}`;
      return { ...said, type: 'sourceGapBackfilled', at: o.now(), outcome: 'failed', calls: 0, detail };
    }
  }

  return {
    /** Backfill `gap` after those before it; resolves with what was said of it (also ingested). */
    backfill(gap: SourceGapRecorded): Promise<SourceGapBackfilled> {
      const done = queue.then(() => run(gap));
      queue = done.catch(() => {});
      return done;
    },
  };
}
