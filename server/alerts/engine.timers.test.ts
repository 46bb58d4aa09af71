import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_START } from '../../lib/testing/callStreams';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub } from '../hub/hub';
import { openStorage, type Storage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { splitTime } from '../testing/splitTime';
import { createAlertEngine } from './engine';

const tempDir = tempDirsRemovedAfterEach();
const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const NOON = DAY_START + 4 * 3600_000;

function setup() {
  const time = splitTime(NOON);
  const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline' });
  opened.push(storage);
  const hub = createHub({ settings: TEST_SETTINGS, now: time.now, epoch: 'e1', scheduler: time.scheduler });
  const engine = createAlertEngine({
    source: hub,
    timezone: () => TEST_SETTINGS.timezone,
    boards: storage.boards,
    store: storage.alerts,
    notifier: { notify: () => 0 },
    now: time.now,
    logger: pino({ level: 'silent' }),
    tickMs: 24 * 3600_000, // the periodic tick stays out of the way: only the change-prompted wait counts
    scheduler: time.scheduler,
  });
  return { time, engine };
}

describe('alert engine: the wait after a change', () => {
  it('after the wall clock is set back, counts the gap from now, not from the last run', async () => {
    const { time, engine } = setup();
    await engine.start(); // evaluates at once: the last run is NOON
    const before = engine.stats().evaluations;
    time.pass(1000);
    time.setWall(NOON - 86_400_000); // set back a day
    await engine.boardsChanged(); // the boards are read (async storage), then the wait is armed
    time.pass(199);
    expect(engine.stats().evaluations).toBe(before); // within the gap
    time.pass(1);
    expect(engine.stats().evaluations).toBe(before + 1);
    engine.stop();
  });

  it('with the clock running on, a change right after a run waits out the rest of the gap', async () => {
    const { time, engine } = setup();
    await engine.start();
    const before = engine.stats().evaluations;
    time.pass(150);
    await engine.boardsChanged(); // the boards are read (async storage), then the wait is armed
    time.pass(49);
    expect(engine.stats().evaluations).toBe(before);
    time.pass(1);
    expect(engine.stats().evaluations).toBe(before + 1);
    engine.stop();
  });
});
