import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard } from '../testing/callboard';
import { boardCounts, demoConnected, demoLive, expectedCounts } from '../testing/demoDay';
import { FAST_FORWARD_MIN_MS } from './plan';

/**
 * `npm run demo` at 03:00 opens on the three hours so far, played in fast-forward through the real
 * app (journal, hub, the WSI link to the simulator, the webhook ingest): the board shows the
 * simulated PBXs' ground truth, the journal reads like a live day, and no PBX looks hours behind.
 */

const DAY = Date.UTC(2026, 2, 10);
let clock = DAY + 3 * 3600_000;
let app: TestCallboard;

beforeAll(async () => {
  app = await startTestCallboard({ now: () => clock, env: { DEMO: '1', WALLBOARD_TIMEZONE: 'UTC' } });
  await demoConnected(app);
  await demoLive(app, 20, () => (clock += 1000));
}, 60_000);

afterAll(async () => {
  await app?.close({ remove: true });
});

describe('the demo opens on the day so far', () => {
  it('played from the day start, with every source taking part', () => {
    expect(app.demo?.plan).toEqual({ startAt: DAY, fastForwardMs: 3 * 3600_000 });
    const expected = expectedCounts(app.demo ?? expect.fail('no demo'));
    expect(expected.size).toBe(6); // 3 WSI queues, one per webhook vendor
    for (const [key, counts] of expected) expect(counts.offered, key).toBeGreaterThan(20);
  });

  it("every queue's counts are the simulated PBXs' ground truth", () => {
    const expected = expectedCounts(app.demo ?? expect.fail('no demo'));
    app.hub.flush();
    expect(boardCounts(app.hub.state(), expected.keys())).toEqual(expected);
    // The live link's resync, after the played part, closed nothing still going on.
    for (const key of expected.keys()) expect(app.hub.state().queues.get(key)?.today.lostTrack, key).toBe(0);
  });

  it('no PBX looks behind: each source clock estimate is within a second', () => {
    const clocks = app.hub.state().clocks;
    for (const source of ['demo-pbx', 'portsip-webhook', 'voipstudio'])
      expect(Math.abs(clocks[source] ?? Number.NaN), source).toBeLessThan(1000);
  });

  it('agents have names and are in several states; the waiting lists are known', () => {
    const state = app.hub.state();
    const tenant = app.demo?.sim.tenantId;
    const named = [...state.extensions.values()].filter((x) => x.scope === tenant && x.name);
    expect(named.length).toBe(39);
    const states = new Set<string>();
    for (const q of state.queues.values()) for (const a of q.agents?.values() ?? []) states.add(a.state);
    expect(states.size).toBeGreaterThan(1);
  });

  it('the journal is in arrival order, from the day start', () => {
    const db = new Database(join(app.dataDir, 'callboard.db'), { readonly: true });
    try {
      const times = db.prepare('SELECT received_at FROM journal ORDER BY id').pluck().all() as number[];
      expect(times[0]).toBeLessThanOrEqual(DAY + 1000);
      expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
      expect(times.length).toBeGreaterThan(1000);
    } finally {
      db.close();
    }
  });
});

describe('planning', () => {
  it('shortly after the day start the demo starts empty', async () => {
    clock = DAY + FAST_FORWARD_MIN_MS - 60_000;
    const early = await startTestCallboard({
      now: () => clock,
      env: { DEMO: '1', WALLBOARD_TIMEZONE: 'UTC' },
    });
    try {
      expect(early.demo?.plan).toEqual({ startAt: clock, fastForwardMs: 0 });
    } finally {
      await early.close({ remove: true });
    }
  });
});
