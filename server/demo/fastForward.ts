import type { DomainEvent, SourceKind, TrackLost } from '../../lib/domain/events';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import type { CallCenterModel } from '../simulator/model';
import type { SourceFeed } from '../simulator/webhooks/feed';
import type { AppendResult, JournalEntry } from '../storage/types';
import { ingest } from '../webhooks/ingest';

/**
 * Plays the demo's simulated PBXs from their start to a moment, as if they had been live: what each
 * would have sent enters at the simulated moment it would have arrived (receivedAt), through the same
 * door live input takes (the WSI normalizer and the webhook ingest, then the recorder's `accept`: the
 * journal first, then the hub). So the journal reads exactly like a live day in arrival order, each
 * source's clock estimate sees its PBX on time (arrival − PBX time ≈ 0, never hours behind), and a
 * restart replays it like any other day. Entries of all sources are merged by arrival before they
 * are journaled, since the journal's order is its arrival order (docs/decisions.md).
 */

export type Accept = (entry: JournalEntry) => Promise<AppendResult>;

export interface DemoPbxs {
  /** The WSI simulator's model and the source id its link reports as. */
  readonly wsi: { readonly model: CallCenterModel; readonly source: string };
  readonly feeds: readonly SourceFeed[];
}

const WSI_KIND: SourceKind = 'portsip-wsi';
/** Simulated time played per batch: one journal transaction's worth, without holding a day in memory. */
const CHUNK_MS = 5 * 60_000;

interface Arrival {
  readonly receivedAt: number;
  /** Hands the arrival to the recorder (synchronously, so arrivals keep their order); false if refused. */
  readonly enter: () => Promise<boolean>;
}

/** What a play entered, and how many arrivals the webhook ingest refused (none expected). */
export interface Played {
  readonly entered: number;
  readonly refused: number;
}

/** One WSI frame per message, read by the link's normalizer with the moment it was sent as arrival. */
function wsiEvents(source: string, frames: readonly object[], receivedAt: number): DomainEvent[] {
  return frames.flatMap((frame) => {
    const read = readWsiFrame(JSON.stringify(frame), { source, receivedAt });
    return read.kind === 'event' && read.result.ok ? read.result.events : [];
  });
}

const lostSince = (
  source: string,
  origin: SourceKind,
  at: number,
  reason: TrackLost['reason'],
): TrackLost => ({
  type: 'trackLost',
  source,
  origin,
  at,
  atArrival: true,
  reason,
  quietSince: at,
});

/**
 * What the PBXs say when they start at `at`: the WSI PBX's agents with their names and its snapshots
 * (every queue's status, every extension's), then that whatever it no longer reports from before
 * (an earlier run's calls) is gone; the webhook sources' queues, and that their calls from before are
 * gone too (a webhook source has no snapshot: the demo knows its simulated PBX restarted).
 */
export function startEntries(pbxs: DemoPbxs, at: number): JournalEntry[] {
  const { model, source } = pbxs.wsi;
  const frames: object[] = [
    ...model.extensionCreated(),
    ...model.queues().flatMap((q) => model.queueStatus(q.number) ?? []),
    model.extensionStatus(model.extensions()),
  ];
  const wsi: JournalEntry = {
    source,
    kind: WSI_KIND,
    receivedAt: at,
    events: [...wsiEvents(source, frames, at), lostSince(source, WSI_KIND, at, 'resynced')],
  };
  const hooks = pbxs.feeds.map(
    (feed): JournalEntry => ({
      source: feed.sourceId,
      kind: feed.kind,
      receivedAt: at,
      events: [...feed.queueFacts(at), lostSince(feed.sourceId, feed.kind, at, 'bound')],
    }),
  );
  return [wsi, ...hooks];
}

/** Everything the PBXs send up to `to`, as arrivals in order (stable: same-instant arrivals keep theirs). */
function arrivalsUntil(pbxs: DemoPbxs, to: number, accept: Accept): Arrival[] {
  const arrivals: Arrival[] = [];
  const { model, source } = pbxs.wsi;
  // One entry per instant: the frames a live link would have read in that second, in order.
  let frames: object[] = [];
  let frameAt = Number.NaN;
  const flush = () => {
    if (frames.length === 0) return;
    const events = wsiEvents(source, frames, frameAt);
    frames = [];
    if (events.length === 0) return;
    const entry = { source, kind: WSI_KIND, receivedAt: frameAt, events };
    arrivals.push({ receivedAt: frameAt, enter: () => accept(entry).then(() => true) });
  };
  for (const e of model.step(to)) {
    if (e.at !== frameAt) flush();
    frameAt = e.at;
    frames.push(e.message);
  }
  flush();
  for (const feed of pbxs.feeds) {
    for (const req of feed.step(to)) {
      const payload = {
        source: feed.sourceId,
        kind: req.kind,
        receivedAt: req.at,
        contentType: req.contentType,
        body: req.body,
      };
      arrivals.push({
        receivedAt: req.at,
        enter: async () => {
          const outcome = await ingest(payload, { accept });
          if (outcome.status === 503) throw outcome.error;
          return outcome.status === 200;
        },
      });
    }
  }
  return arrivals.sort((a, b) => a.receivedAt - b.receivedAt);
}

/**
 * Plays every PBX from where it stands to `to`, chunk by chunk, each chunk's arrivals handed to
 * `accept` in arrival order and awaited (committed and applied) before the next. Rejects when the
 * journal cannot take them (storage unavailable).
 */
export async function playUntil(pbxs: DemoPbxs, to: number, accept: Accept): Promise<Played> {
  let entered = 0;
  let refused = 0;
  for (let t = pbxs.wsi.model.now; t < to; ) {
    t = Math.min(to, t + CHUNK_MS);
    const arrivals = arrivalsUntil(pbxs, t, accept);
    const accepted = await Promise.all(arrivals.map((a) => a.enter()));
    entered += accepted.filter(Boolean).length;
    refused += accepted.length - accepted.filter(Boolean).length;
  }
  return { entered, refused };
}

/** Moves every PBX on to `to` without telling anyone: what a failed play leaves behind is skipped. */
export function skipUntil(pbxs: DemoPbxs, to: number): void {
  pbxs.wsi.model.step(to);
  for (const feed of pbxs.feeds) feed.step(to);
}
