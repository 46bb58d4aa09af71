import type { DomainEvent } from '../../lib/domain/events';
import type { SourceStatus } from '../../lib/protocol';
import { type Fence, type FencedEntry, StaleEpochError } from '../cluster/fence';
import type { AppendResult } from '../storage/types';
import type { BackfillSink } from './gapBackfill';
import type { LinkSink } from './portsipLink';

/**
 * What the links manager is given: where every link delivers. A link's journal writes carry the
 * fence of the instance's ownership of that link (server/cluster/linkOwnership.ts), which the
 * recorder hands to the journal; a journal without leases ignores it.
 */
export interface FencingSink extends Omit<LinkSink, 'ingest' | 'backfill'> {
  ingest(events: readonly DomainEvent[], fence?: Fence): void;
  readonly backfill?: Omit<BackfillSink, 'accept'> & {
    readonly accept: (entry: FencedEntry) => Promise<AppendResult>;
  };
  removeSource(id: string): void;
}

export interface Tenure {
  /** What the link's connector is given for this term. */
  readonly sink: LinkSink;
  /** The term is over: from now on nothing of it reaches the boards or the journal. */
  end(): void;
}

/**
 * One term of this instance running a link: the sink its connector writes to while the term lasts.
 * Every journal write is stamped with the term's fence; once the term ended (the ownership was
 * lost, the link stopped), a connector still winding down can write nothing more, here at once and
 * in the database by the fence.
 */
export function startTenure(sink: FencingSink, link: string, fence: Fence | null, instance: string): Tenure {
  let live = true;
  const owner = { instance, here: true } as const;
  const backfill = sink.backfill;
  const fenced = <T extends object>(entry: T): T & { fence?: Fence } => (fence ? { ...entry, fence } : entry);
  return {
    sink: {
      ingest(events) {
        if (live) sink.ingest(events, fence ?? undefined);
      },
      setSourceStatus(status: SourceStatus) {
        if (live) sink.setSourceStatus({ ...status, owner });
      },
      ...(sink.board ? { board: sink.board.bind(sink) } : {}),
      ...(backfill
        ? {
            backfill: {
              ...backfill,
              accept: (entry) =>
                live
                  ? backfill.accept(fenced(entry))
                  : Promise.reject(
                      fence ? new StaleEpochError(fence) : new Error(`link "${link}" is no longer run here`),
                    ),
            },
          }
        : {}),
    },
    end() {
      live = false;
    },
  };
}
