import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../lib/domain/checkpoint';
import type { DomainState, Settings } from '../lib/domain/state';
import { decodeCheckpoint } from './checkpoints';
import { type CheckpointStore, type StoredCheckpoint, settingsHash } from './storage/checkpoints';

/**
 * Which stored checkpoint may stand for a day's state at its journal position: the rules shared by
 * the start-up resume of today (server/resume.ts) and the start-up close or recount of a past day
 * (server/history/dayCheckpoint.ts).
 *
 * A checkpoint is used only if it is of this state schema (STATE_SCHEMA_VERSION), of the settings
 * in force (timezone, day start, thresholds: their hash), of that day, no further on than the journal,
 * its journal row still the one it names, and whole (checksum, decode). Anything else is skipped
 * (`skip` says why) and the next older one is tried; a skipped checkpoint costs time, never a figure.
 */
export interface ChosenCheckpoint {
  readonly checkpoint: StoredCheckpoint;
  readonly state: DomainState;
}

export type CheckpointReader = Pick<CheckpointStore, 'list' | 'load' | 'journalPosition' | 'hasJournalRow'>;

export function chooseCheckpoint(o: {
  readonly checkpoints: CheckpointReader;
  readonly settings: Settings;
  /** The start of the day the state must be of. */
  readonly dayStart: number;
  /** Extra rule of the caller (null: fine), tried before the state is decoded. */
  readonly refuse?: (checkpoint: StoredCheckpoint) => string | null;
  readonly skip: (checkpoint: StoredCheckpoint, reason: string) => void;
}): ChosenCheckpoint | null {
  const settingsKey = reductionSettingsKey(o.settings);
  const hash = settingsHash(settingsKey);
  const position = o.checkpoints.journalPosition().id;
  for (const checkpoint of o.checkpoints.list()) {
    const skip = (reason: string) => o.skip(checkpoint, reason);
    if (checkpoint.schemaVersion !== STATE_SCHEMA_VERSION) {
      skip(`state schema ${checkpoint.schemaVersion}, this build reads ${STATE_SCHEMA_VERSION}`);
      continue;
    }
    if (checkpoint.settingsHash !== hash) {
      skip('taken under other settings (timezone, day start or thresholds)');
      continue;
    }
    if (checkpoint.dayStart !== o.dayStart) {
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
    const refused = o.refuse?.(checkpoint) ?? null;
    if (refused !== null) {
      skip(refused);
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
    if (state.day?.start !== o.dayStart || reductionSettingsKey(state.settings) !== settingsKey) {
      skip('its state does not match its columns');
      continue;
    }
    return { checkpoint, state };
  }
  return null;
}
