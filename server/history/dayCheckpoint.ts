import type { Settings } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { type CheckpointReader, chooseCheckpoint } from '../checkpointChoice';
import type { ReplayFrom } from './replayDay';

/**
 * Where the start-up close (or a recount) of a past day may start instead of its full replay: the
 * newest usable restart checkpoint of that day (server/checkpointChoice.ts: same state schema, same
 * settings, that day, its journal row still there, whole), its state then carried on with the
 * journal rows after its position up to the day's roll. Null: replay the whole day.
 *
 * One rule more than a resume of today: the checkpoint's journal row was received before the day
 * ended. A full replay reads only rows received before then; a state that holds later ones (a
 * shutdown just after midnight, before any event rolled the day) is not that day's close.
 *
 * Only the newest two checkpoints are kept (server/storage/checkpoints.ts), so this finds one for
 * the day the server stopped in (its clean-shutdown checkpoint, or the last periodic one before a
 * crash), not for the days before it; docs/decisions.md says when it applies.
 */
export interface DayCheckpoint extends ReplayFrom {
  readonly id: number;
}

export function dayCheckpoint(
  checkpoints: CheckpointReader,
  settings: Settings,
  dayStart: number,
  skipped: (id: number, reason: string) => void = () => {},
): DayCheckpoint | null {
  const day = dayWindow(dayStart, settings.timezone, settings.dayStartsAt);
  const found = chooseCheckpoint({
    checkpoints,
    settings,
    dayStart: day.start,
    refuse: (c) =>
      c.journalReceivedAt === null || c.journalReceivedAt >= day.end
        ? 'it holds journal rows received after the day ended'
        : null,
    skip: (c, reason) => skipped(c.id, reason),
  });
  if (!found) return null;
  return { id: found.checkpoint.id, state: found.state, journalId: found.checkpoint.journalId };
}
