import type { Logger } from 'pino';
import type { SourceKind, TrackLost } from '../lib/domain/events';
import { sourcesWithQuietEntries } from '../lib/domain/reduce/lostTrack';
import type { DomainState } from '../lib/domain/state';
import type { SourceStatus } from '../lib/protocol';

/**
 * The no-news bound (docs/metrics.md, "Lost track"): a waiting caller or an open call with no news
 * for longer than LOST_TRACK_HOURS (default 4 h) is closed as "ended, unknown". The reducer reads no
 * clock, so the server says it: one journaled `trackLost` fact per source that has such an entry,
 * through the recorder like live events, so that a replay closes exactly what the live run closed.
 */
export function lostTrackFacts(
  state: DomainState,
  sources: readonly Pick<SourceStatus, 'id' | 'kind'>[],
  now: number,
  boundMs: number,
): TrackLost[] {
  const quietSince = now - boundMs;
  const kinds = new Map(sources.map((s) => [s.id, s.kind]));
  return sourcesWithQuietEntries(state, quietSince).map((source) => ({
    type: 'trackLost',
    source,
    // Only a label here (the reducer does not read it): a removed source's entries close too.
    origin: kinds.get(source) ?? UNKNOWN_ORIGIN,
    at: now,
    atArrival: true,
    reason: 'bound',
    quietSince,
  }));
}

const UNKNOWN_ORIGIN: SourceKind = 'portsip-webhook';

/** Checks once a minute (cheap: one pass over the open calls and waiting callers). */
export function startLostTrackSweep(o: {
  hub: { state(): DomainState; sources(): SourceStatus[] };
  ingest: (events: readonly TrackLost[]) => void;
  now: () => number;
  boundMs: number;
  logger: Logger;
  everyMs?: number;
}) {
  const sweep = () => {
    try {
      const facts = lostTrackFacts(o.hub.state(), o.hub.sources(), o.now(), o.boundMs);
      // One fact per ingest: the journal files an entry under its first event's source.
      for (const fact of facts) o.ingest([fact]);
      if (facts.length > 0)
        o.logger.info({ sources: facts.map((f) => f.source) }, 'entries with no news closed');
    } catch (err) {
      o.logger.error({ err }, 'lost-track sweep failed');
    }
  };
  const timer = setInterval(sweep, o.everyMs ?? 60_000);
  timer.unref();
  return {
    sweep,
    stop() {
      clearInterval(timer);
    },
  };
}
