import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard } from '../testing/callboard';
import {
  addCounts,
  boardCounts,
  type Counts,
  demoConnected,
  demoLive,
  expectedCounts,
  openBefore,
} from '../testing/demoDay';

/**
 * Demo, stop, demo again on the same data dir (the real app, real SQLite): the second run plays the
 * stopped span as a PBX restarted then, with call ids of its own. The board's figures keep growing
 * and equal both runs' ground truth added up, and nothing the first run left open stays open.
 */

const DAY = Date.UTC(2026, 2, 10);
let clock = DAY + 2 * 3600_000;
const tick = () => (clock += 1000);
const env = { DEMO: '1', WALLBOARD_TIMEZONE: 'UTC' };
let first: TestCallboard;
let second: TestCallboard;
let firstRun: Map<string, Counts>;
let afterFirst: Map<string, Counts>;
let firstStop = 0;

beforeAll(async () => {
  first = await startTestCallboard({ now: () => clock, env });
  await demoConnected(first);
  await demoLive(first, 15, tick);
  firstRun = expectedCounts(first.demo ?? expect.fail('no demo'));
  afterFirst = boardCounts(first.hub.state(), firstRun.keys());
  firstStop = clock;
  await first.close();
  clock += 40 * 60_000; // stopped for 40 minutes
  second = await startTestCallboard({ now: () => clock, env, dataDir: first.dataDir });
  await demoConnected(second);
  await demoLive(second, 15, tick);
}, 120_000);

afterAll(async () => {
  await second?.close({ remove: true });
});

describe('restarting the demo', () => {
  it('the first run showed its ground truth', () => {
    expect(afterFirst).toEqual(firstRun);
  });

  it('the second run plays the stopped span, starting after the first run', () => {
    const plan = second.demo?.plan;
    // A second after the first run's last event, which may be a quiet minute before it stopped.
    expect(plan?.startAt).toBeGreaterThan(firstStop - 5 * 60_000);
    expect(plan?.startAt).toBeLessThanOrEqual(firstStop + 1000);
    expect(plan?.fastForwardMs).toBeGreaterThan(39 * 60_000);
  });

  it('the stop it played is recorded as a gap and said filled: no queue says its figures miss it', () => {
    const gaps = second.hub.state().gaps ?? [];
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.reason === 'serverStopped' && g.backfill?.outcome === 'filled')).toBe(true);
    const shown = second.hub.snapshot().state.queues.flatMap((q) => q.gaps ?? []);
    expect(shown).toEqual([]);
  });

  it("figures keep growing and equal both runs' ground truth added up", () => {
    const expected = addCounts(firstRun, expectedCounts(second.demo ?? expect.fail('no demo')));
    const board = boardCounts(second.hub.state(), expected.keys());
    expect(board).toEqual(expected);
    for (const [key, counts] of board)
      expect(counts.offered, key).toBeGreaterThan(afterFirst.get(key)?.offered ?? 0);
  });

  it('nothing from the first run stays open: no call or waiting caller without news since it stopped', () => {
    expect(openBefore(second.hub.state(), (second.demo?.plan.startAt ?? 0) - 1)).toEqual([]);
  });
});
