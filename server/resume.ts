import type { Logger } from 'pino';
import type { Settings } from '../lib/domain/state';
import { dayWindow } from '../lib/domain/time';
import { type CheckpointReader, chooseCheckpoint } from './checkpointChoice';
import type { Hub } from './hub/hub';
import { replayJournal, replayStart } from './recorder';
import type { StoredCheckpoint } from './storage/checkpoints';
import type { Journal } from './storage/types';

/**
 * Start-up: today's state from the newest usable checkpoint plus the journal after it, or from the
 * whole journal (the day's start minus the look-back) when none is usable.
 *
 * Which checkpoint is usable: server/checkpointChoice.ts (of this state schema, of the settings in
 * force, of today, no further on than the journal, whole). Anything else is skipped with a log line
 * saying why, and the next older one is tried; a skipped checkpoint costs time, never a figure.
 */
export interface Resumed {
  readonly events: number;
  /** The checkpoint used, or null: a full replay. */
  readonly checkpoint: StoredCheckpoint | null;
}

export function resumeFromJournal(o: {
  readonly journal: Pick<Journal, 'eventsReceivedSince'>;
  readonly checkpoints: CheckpointReader;
  readonly hub: Pick<Hub, 'ingest' | 'flush' | 'resume' | 'state'>;
  readonly now: () => number;
  readonly logger: Logger;
}): Resumed {
  const started = o.now();
  // The hub starts empty under the settings in force: today's state is what it must reach.
  const { settings } = o.hub.state();
  const from = replayStart(settings, started);
  const found = usableCheckpoint(o, settings, started);
  if (found) o.hub.resume(found.state);
  const events = replayJournal(o.journal, o.hub, from, undefined, found?.checkpoint.journalId ?? 0);
  const checkpoint = found?.checkpoint ?? null;
  o.logger.info({ events, checkpoint: checkpoint?.id ?? null, ms: o.now() - started }, 'journal replayed');
  return { events, checkpoint };
}

function usableCheckpoint(o: Parameters<typeof resumeFromJournal>[0], settings: Settings, now: number) {
  const found = chooseCheckpoint({
    checkpoints: o.checkpoints,
    settings,
    dayStart: dayWindow(now, settings.timezone, settings.dayStartsAt).start,
    skip: (checkpoint, reason) =>
      o.logger.warn(
        { checkpoint: checkpoint.id, journalId: checkpoint.journalId, reason },
        'checkpoint ignored: replaying the journal instead',
      ),
  });
  if (found)
    o.logger.info(
      {
        checkpoint: found.checkpoint.id,
        journalId: found.checkpoint.journalId,
        bytes: found.checkpoint.bytes,
      },
      'resuming from checkpoint',
    );
  return found;
}
