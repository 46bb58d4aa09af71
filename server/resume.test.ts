import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_SCHEMA_VERSION } from '../lib/domain/checkpoint';
import type { DomainEvent } from '../lib/domain/events';
import type { Settings } from '../lib/domain/state';
import { BENCH_SETTINGS } from '../scripts/bench/cli';
import { syntheticDay } from '../scripts/bench/syntheticDay';
import { startCheckpoints } from './checkpoints';
import { createHub } from './hub/hub';
import { resumeFromJournal } from './resume';
import { openStorage, type Storage } from './storage';

/**
 * Restart from a checkpoint on real SQLite files: the state it resumes to equals a full replay of
 * the same journal, field for field; a checkpoint that must not be used is skipped with a log line.
 */
const day = syntheticDay({ seed: 7, queues: 6, agentsPerQueue: 12, calls: 700 });
const NOW = (day.events.at(-1) as DomainEvent).at + 60_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

function logged() {
  const lines: { msg: string; reason?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines, ignored: () => lines.filter((l) => l.msg.startsWith('checkpoint ignored')) };
}

function open(): Storage {
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-resume-'));
  const storage = openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal' });
  cleanups.push(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return storage;
}

async function journal(storage: Storage, events: readonly DomainEvent[]): Promise<void> {
  await Promise.all(
    events.map((e) =>
      storage.journal.append({ source: e.source, kind: e.origin, receivedAt: e.at, events: [e] }),
    ),
  );
}

function hubOf(settings: Settings = BENCH_SETTINGS) {
  const hub = createHub({ settings, now: () => NOW, epoch: 'test', windowMs: 0 });
  cleanups.push(() => hub.stop());
  return hub;
}

/** A restart: a new hub, resumed from the storage's checkpoints and journal. */
function restart(storage: Storage, settings: Settings = BENCH_SETTINGS) {
  const hub = hubOf(settings);
  const log = logged();
  const resumed = resumeFromJournal({
    journal: storage.journal,
    checkpoints: storage.checkpoints,
    hub,
    now: () => NOW,
    logger: log.logger,
  });
  return { hub, resumed, ...log };
}

async function checkpointNow(storage: Storage, hub: ReturnType<typeof hubOf>): Promise<void> {
  const taker = startCheckpoints({
    hub,
    whenSettled: async (run) => run(),
    store: storage.checkpoints,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    everyMs: 3_600_000,
    everyEvents: 1_000_000,
  });
  // stop() takes the last checkpoint, as at a clean shutdown.
  await taker.stop();
}

describe('restart from a checkpoint', () => {
  it('checkpoint at a cut + the journal after it = the whole journal replayed, field for field', async () => {
    for (const cut of [0, 1, Math.floor(day.events.length / 3), day.events.length - 1, day.events.length]) {
      const storage = open();
      await journal(storage, day.events.slice(0, cut));
      const before = restart(storage);
      await checkpointNow(storage, before.hub);
      await journal(storage, day.events.slice(cut));

      const resumed = restart(storage);
      expect(resumed.resumed.checkpoint).not.toBeNull();
      expect(resumed.resumed.events).toBe(day.events.length - cut);
      expect(resumed.ignored()).toEqual([]);
      const full = hubOf();
      full.rebuild(BENCH_SETTINGS, storage.journal.eventsReceivedSince(0));
      expect(resumed.hub.state()).toEqual(full.state());
    }
  }, 60_000);

  it('keeps the newest two; a corrupt newest is skipped with a log line and the older one used', async () => {
    const storage = open();
    await journal(storage, day.events.slice(0, 1000));
    const hub = restart(storage).hub;
    await checkpointNow(storage, hub);
    await journal(storage, day.events.slice(1000, 2000));
    hub.ingest(day.events.slice(1000, 2000));
    await checkpointNow(storage, hub);
    await checkpointNow(storage, hub);
    const kept = storage.checkpoints.list();
    expect(kept).toHaveLength(2);
    const db = new Database(storage.path);
    db.prepare('UPDATE state_checkpoints SET state = substr(state, 1, length(state) - 7) WHERE id = ?').run(
      kept[0]?.id,
    );
    db.close();

    const resumed = restart(storage);
    expect(resumed.ignored().map((l) => l.reason)).toEqual([expect.stringMatching(/checksum/)]);
    expect(resumed.resumed.checkpoint?.id).toBe(kept[1]?.id);
    const full = hubOf();
    full.rebuild(BENCH_SETTINGS, storage.journal.eventsReceivedSince(0));
    expect(resumed.hub.state()).toEqual(full.state());
  });

  it.each([
    ['another state schema version', `schema_version = ${STATE_SCHEMA_VERSION + 1}`, /state schema/],
    ['another day', 'day_start = day_start - 86400000', /another day/],
    ['a position past the journal', 'journal_id = journal_id + 5', /further on/],
  ])('a checkpoint of %s is skipped with a log line: full replay', async (_, change, reason) => {
    const storage = open();
    await journal(storage, day.events.slice(0, 1500));
    await checkpointNow(storage, restart(storage).hub);
    const db = new Database(storage.path);
    db.exec(`UPDATE state_checkpoints SET ${change}`);
    db.close();
    const resumed = restart(storage);
    expect(resumed.ignored().map((l) => l.reason)).toEqual([expect.stringMatching(reason)]);
    expect(resumed.resumed).toEqual({ events: 1500, checkpoint: null });
  });

  it('a position whose row retention removed, and whose id a later row took, is skipped', async () => {
    const storage = open();
    await journal(storage, day.events.slice(0, 1500));
    await checkpointNow(storage, restart(storage).hub);
    const db = new Database(storage.path);
    db.exec('DELETE FROM journal'); // retention after an idle spell: the ids start again from 1
    db.close();
    await journal(storage, day.events.slice(100, 2100));
    const resumed = restart(storage);
    expect(resumed.ignored().map((l) => l.reason)).toEqual([expect.stringMatching(/gone or another/)]);
    expect(resumed.resumed).toEqual({ events: 2000, checkpoint: null });
  });

  it('another timezone (or thresholds) than the checkpoint was reduced under: full replay', async () => {
    const storage = open();
    await journal(storage, day.events);
    await checkpointNow(storage, restart(storage).hub);
    for (const settings of [
      { ...BENCH_SETTINGS, timezone: 'America/New_York' },
      { ...BENCH_SETTINGS, defaults: { ...BENCH_SETTINGS.defaults, slaSeconds: 30 } },
    ]) {
      const resumed = restart(storage, settings);
      expect(resumed.ignored().map((l) => l.reason)).toEqual([expect.stringMatching(/other settings/)]);
      expect(resumed.resumed.checkpoint).toBeNull();
      const full = hubOf(settings);
      full.rebuild(settings, storage.journal.eventsReceivedSince(0));
      expect(resumed.hub.state()).toEqual(full.state());
    }
    expect(restart(storage).resumed.checkpoint).not.toBeNull();
  });
});
