import type { Logger } from 'pino';
import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../lib/domain/checkpoint';
import type { DomainState, Settings } from '../lib/domain/state';
import { dayWindow } from '../lib/domain/time';
import { decodeCheckpoint } from './checkpoints';
import type { Hub } from './hub/hub';
import { replayJournal, replayStart } from './recorder';
import { type CheckpointStore, type StoredCheckpoint, settingsHash } from './storage/checkpoints';
import type { Journal } from './storage/types';

/**
 * Start-up: today's state from the newest usable checkpoint plus the journal after it, or from the
 * whole journal (the day's start minus the look-back) when none is usable.
 *
 * A checkpoint is used only if it is of this state schema (STATE_SCHEMA_VERSION), of the settings
 * in force (timezone, day start, thresholds: their hash), of today, no further on than the journal,
 * and whole (checksum, decode). Anything else is skipped with a log line saying why, and the next
 * older one is tried; a skipped checkpoint costs time, never a figure.
 */
export interface Resumed {
  readonly events: number;
  /** The checkpoint used, or null: a full replay. */
  readonly checkpoint: StoredCheckpoint | null;
}

export function resumeFromJournal(o: {
  readonly journal: Pick<Journal, 'eventsReceivedSince'>;
  readonly checkpoints: Pick<CheckpointStore, 'list' | 'load' | 'journalPosition' | 'hasJournalRow'>;
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
  const settingsKey = reductionSettingsKey(settings);
  const hash = settingsHash(settingsKey);
  const today = dayWindow(now, settings.timezone, settings.dayStartsAt).start;
  const position = o.checkpoints.journalPosition().id;
  for (const checkpoint of o.checkpoints.list()) {
    const skip = (reason: string) =>
      o.logger.warn(
        { checkpoint: checkpoint.id, journalId: checkpoint.journalId, reason },
        'checkpoint ignored: replaying the journal instead',
      );
    if (checkpoint.schemaVersion !== STATE_SCHEMA_VERSION) {
      skip(`state schema ${checkpoint.schemaVersion}, this build reads ${STATE_SCHEMA_VERSION}`);
      continue;
    }
    if (checkpoint.settingsHash !== hash) {
      skip('taken under other settings (timezone, day start or thresholds)');
      continue;
    }
    if (checkpoint.dayStart !== today) {
      skip(`of another day (${new Date(checkpoint.dayStart).toISOString()})`);
      continue;
    }
    if (checkpoint.journalId > position) {
      skip(`further on (${checkpoint.journalId}) than the journal (${position})`);
      continue;
    }
    if (!o.checkpoints.hasJournalRow(checkpoint.journalId, checkpoint.journalReceivedAt)) {
      // Retention emptied the journal since, and its ids started again: the position means nothing.
      skip(`its journal row ${checkpoint.journalId} is gone or another`);
      continue;
    }
    let state: DomainState;
    try {
      state = decodeCheckpoint(o.checkpoints.load(checkpoint.id));
    } catch (err) {
      skip(err instanceof Error ? err.message : String(err));
      continue;
    }
    // The columns said so; the state itself must agree (a row is written whole, but trust is cheap here).
    if (state.day?.start !== today || reductionSettingsKey(state.settings) !== settingsKey) {
      skip('its state does not match its columns');
      continue;
    }
    o.logger.info(
      { checkpoint: checkpoint.id, journalId: checkpoint.journalId, bytes: checkpoint.bytes },
      'resuming from checkpoint',
    );
    return { checkpoint, state };
  }
  return null;
}
