import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../lib/domain/events';
import { BENCH_SETTINGS } from '../scripts/bench/cli';
import { syntheticDay } from '../scripts/bench/syntheticDay';
import { decodeCheckpoint, encodeCheckpoint, startCheckpoints } from './checkpoints';
import { createHub } from './hub/hub';
import { openStorage } from './storage';

/** When the taker takes a checkpoint, and what the sliced encoding gives back. */
const day = syntheticDay({ seed: 3, queues: 8, agentsPerQueue: 20, calls: 3000 });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

function setUp(clock: { at: number }, every: { everyMs: number; everyEvents: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-checkpoints-'));
  const storage = openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal' });
  const hub = createHub({ settings: BENCH_SETTINGS, now: () => clock.at, epoch: 't', windowMs: 0 });
  const reasons: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (l: string) => {
        const line = JSON.parse(l) as { msg: string; reason?: string };
        if (line.msg === 'checkpoint stored') reasons.push(line.reason ?? '');
      },
    },
  );
  const taker = startCheckpoints({
    hub,
    whenSettled: async (run) => run(),
    store: storage.checkpoints,
    now: () => clock.at,
    logger,
    pollMs: 5,
    ...every,
  });
  cleanups.push(async () => {
    hub.stop();
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { storage, hub, taker, reasons };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the checkpoint schedule', () => {
  it('after everyEvents events, after everyMs, at a day roll, and at shutdown', async () => {
    const clock = { at: day.startAt };
    const { hub, taker, reasons, storage } = setUp(clock, { everyMs: 300_000, everyEvents: 1000 });
    hub.ingest(day.events.slice(0, 999));
    await new Promise((r) => setTimeout(r, 50));
    expect(reasons).toEqual([]);
    hub.ingest(day.events.slice(999, 1000));
    await until(() => reasons.length === 1);

    clock.at += 299_000;
    await new Promise((r) => setTimeout(r, 50));
    expect(reasons).toEqual(['events']);
    clock.at += 1000;
    await until(() => reasons.length === 2);

    // An event of the next day rolls the state's day.
    const next = day.events[1000] as DomainEvent;
    hub.ingest([{ ...next, at: hub.state().day.end + 60_000 }]);
    await until(() => reasons.length === 3);

    await taker.stop();
    expect(reasons).toEqual(['events', 'interval', 'day roll', 'shutdown']);
    expect(storage.checkpoints.list()).toHaveLength(2);
    expect(storage.checkpoints.list()[0]?.dayStart).toBe(hub.state().day.start);
  });

  it('settings that change the reduction clear the checkpoints; others keep them', async () => {
    const clock = { at: day.startAt };
    const { hub, taker, storage } = setUp(clock, { everyMs: 300_000, everyEvents: 1_000_000 });
    hub.ingest(day.events.slice(0, 500));
    await taker.take('test');
    const before = storage.checkpoints.list()[0]?.settingsHash;
    hub.applySettings({ ...BENCH_SETTINGS });
    taker.settingsSaved();
    expect(storage.checkpoints.list()).toHaveLength(1);
    hub.applySettings({ ...BENCH_SETTINGS, defaults: { ...BENCH_SETTINGS.defaults, slaSeconds: 45 } });
    taker.settingsSaved();
    expect(storage.checkpoints.list()).toHaveLength(0);
    // … and a new one, of the new settings, follows at the next look at the schedule.
    await until(() => storage.checkpoints.list().length === 1);
    expect(storage.checkpoints.list()[0]?.settingsHash).not.toBe(before);
    await taker.stop();
  });
});

describe('encodeCheckpoint', () => {
  it('a busy state goes in many slices and comes back equal', async () => {
    const hub = createHub({ settings: BENCH_SETTINGS, now: () => day.startAt, epoch: 't', windowMs: 0 });
    cleanups.push(() => hub.stop());
    hub.ingest(day.events);
    expect(hub.state().visits.size).toBeGreaterThan(2000);
    const encoded = await encodeCheckpoint(hub.state());
    expect(encoded.parts.length).toBeGreaterThan(3);
    expect(decodeCheckpoint(encoded.parts)).toEqual(hub.state());
  });
});
