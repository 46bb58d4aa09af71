import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import type { Logger } from 'pino';
import {
  reductionSettingsKey,
  STATE_SCHEMA_VERSION,
  type StatePart,
  stateFromParts,
  stateParts,
} from '../lib/domain/checkpoint';
import type { DomainState } from '../lib/domain/state';
import type { Hub } from './hub/hub';
import type { Recorder } from './recorder';
import { type CheckpointStore, settingsHash } from './storage/checkpoints';

/**
 * Restart checkpoints: the reduced state with its journal position, so that a restart loads it and
 * replays only the journal after it (server/resume.ts) instead of the whole day.
 *
 * Taken every `everyMs` or `everyEvents` applied events, whichever comes first, at a day roll, and at
 * a clean shutdown. The state is read when the journal holds exactly what the hub applied
 * (recorder.whenSettled), so "journal rows ≤ position" is what the state holds.
 *
 * Codec: Node's structured clone (v8.serialize) of lib/domain/checkpoint.ts's plain form. A busy
 * day's state takes several hundred ms to encode, so it is encoded a slice at a time, giving the
 * event loop back between slices (`turnMs`); the state is persistent, so the slices still read one
 * moment. The write (framing, checksum, commit, sync) runs on the checkpoint writer thread.
 */

export interface EncodedCheckpoint {
  readonly parts: Uint8Array[];
  readonly bytes: number;
  /** Main-thread time spent encoding, in total and in the longest single turn of the event loop. */
  readonly encodeMs: number;
  readonly longestTurnMs: number;
}

export async function encodeCheckpoint(state: DomainState, turnMs = 8): Promise<EncodedCheckpoint> {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let encodeMs = 0;
  let longestTurnMs = 0;
  // Slices are sized from the last one's cost, to take about a quarter of a turn each: a queue with
  // its buckets weighs a hundred visits.
  let entries = 256;
  let turnStart = performance.now();
  let partStart = turnStart;
  for (const part of stateParts(state, () => entries)) {
    const buffer = serialize(part);
    parts.push(buffer);
    bytes += buffer.byteLength;
    const now = performance.now();
    if (part.field !== null) {
      const perEntry = (now - partStart) / Math.max(1, part.value.length / 2);
      entries = Math.max(8, Math.min(8192, Math.floor(turnMs / 4 / Math.max(perEntry, 1e-4))));
    }
    partStart = now;
    const elapsed = now - turnStart;
    if (elapsed >= turnMs) {
      encodeMs += elapsed;
      longestTurnMs = Math.max(longestTurnMs, elapsed);
      await nextTurn();
      turnStart = performance.now();
      partStart = turnStart;
    }
  }
  const last = performance.now() - turnStart;
  return { parts, bytes, encodeMs: encodeMs + last, longestTurnMs: Math.max(longestTurnMs, last) };
}

/** The state back from its parts (all at once: at start-up nothing else is waiting for the loop). */
export function decodeCheckpoint(parts: readonly Uint8Array[]): DomainState {
  return stateFromParts(
    (function* decoded() {
      for (const part of parts) yield deserialize(part) as StatePart;
    })(),
  );
}

export interface CheckpointTaker {
  /** Take one now (unless one is under way). Resolves true once stored, false if skipped or dropped. */
  take(reason: string): Promise<boolean>;
  /**
   * Settings were saved: if they change what reduction makes of the day (timezone, day start,
   * thresholds), forget every checkpoint and take a new one soon.
   */
  settingsSaved(): void;
  /** Stop the schedule and take a last checkpoint (clean shutdown); before the storage closes. */
  stop(): Promise<void>;
}

/** An instance on a shared journal takes none: a checkpoint's position is a row of its own journal. */
export const NO_CHECKPOINTS: CheckpointTaker = {
  take: async () => false,
  settingsSaved: () => {},
  stop: async () => {},
};

export function startCheckpoints(o: {
  readonly hub: Pick<Hub, 'state' | 'stats'>;
  readonly whenSettled: Recorder['whenSettled'];
  readonly store: CheckpointStore;
  readonly now: () => number;
  readonly logger: Logger;
  readonly everyMs: number;
  readonly everyEvents: number;
  /** How often the schedule is looked at (default 1 s). */
  readonly pollMs?: number;
}): CheckpointTaker {
  let lastAt = o.now();
  let lastEvents = o.hub.stats().eventsApplied;
  let lastDay = o.hub.state().day.start;
  let settingsKey = reductionSettingsKey(o.hub.state().settings);
  let generation = 0;
  let running: Promise<boolean> | null = null;
  let stopped = false;

  async function takeNow(reason: string): Promise<boolean> {
    const started = generation;
    const moment = await o.whenSettled(() => ({
      state: o.hub.state(),
      position: o.store.journalPosition(),
      events: o.hub.stats().eventsApplied,
    }));
    lastAt = o.now();
    lastEvents = moment.events;
    lastDay = moment.state.day.start;
    o.logger.debug({ reason, journalId: moment.position.id }, 'checkpoint under way');
    const encoded = await encodeCheckpoint(moment.state);
    // Settings changed while encoding: this state is of the old ones.
    if (started !== generation) return false;
    const t = performance.now();
    await o.store.write(
      {
        createdAt: o.now(),
        journalId: moment.position.id,
        journalReceivedAt: moment.position.receivedAt,
        schemaVersion: STATE_SCHEMA_VERSION,
        settingsHash: settingsHash(reductionSettingsKey(moment.state.settings)),
        dayStart: moment.state.day.start,
      },
      encoded.parts,
    );
    o.logger.info(
      {
        reason,
        journalId: moment.position.id,
        bytes: encoded.bytes,
        encodeMs: Math.round(encoded.encodeMs),
        longestTurnMs: Math.round(encoded.longestTurnMs),
        writeMs: Math.round(performance.now() - t),
      },
      'checkpoint stored',
    );
    return true;
  }

  function take(reason: string): Promise<boolean> {
    if (running) return Promise.resolve(false);
    const run = takeNow(reason).catch((err: unknown) => {
      o.logger.error({ err, reason }, 'checkpoint failed: a restart replays more of the journal');
      return false;
    });
    running = run;
    void run.finally(() => {
      if (running === run) running = null;
    });
    return run;
  }

  function due(): string | null {
    if (o.hub.state().day.start !== lastDay) return 'day roll';
    if (o.hub.stats().eventsApplied - lastEvents >= o.everyEvents) return 'events';
    if (o.now() - lastAt >= o.everyMs) return 'interval';
    return null;
  }

  const timer = setInterval(() => {
    const reason = stopped || running ? null : due();
    if (reason) void take(reason);
  }, o.pollMs ?? 1000);
  timer.unref();

  return {
    take,
    settingsSaved() {
      const key = reductionSettingsKey(o.hub.state().settings);
      if (key === settingsKey) return;
      settingsKey = key;
      generation += 1;
      const removed = o.store.clear();
      o.logger.info({ removed }, 'checkpoints cleared: the settings that reduce the day changed');
      lastAt = Number.NEGATIVE_INFINITY;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await take('shutdown');
    },
  };
}
