import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard } from '../testing/callboard';
import { boardCounts, demoConnected, expectedCounts } from '../testing/demoDay';

/**
 * DEMO_DAY=yesterday (what the reports page's browser test starts): the demo plays yesterday and the
 * day so far, and yesterday, closed while it played, is in history without a restart.
 */

const DAY = Date.UTC(2026, 2, 10);
const H = 3600_000;
const clock = DAY + H;
let app: TestCallboard;

beforeAll(async () => {
  app = await startTestCallboard({
    now: () => clock,
    env: { DEMO: '1', DEMO_DAY: 'yesterday', WALLBOARD_TIMEZONE: 'UTC' },
  });
  await demoConnected(app);
}, 120_000);

afterAll(async () => {
  await app?.close({ remove: true });
});

describe('DEMO_DAY=yesterday', () => {
  it('plays from the start of yesterday', () => {
    expect(app.demo?.plan).toEqual({ startAt: DAY - 24 * H, fastForwardMs: 25 * H });
  });

  it('yesterday is in history, and it and today add up to what the simulated PBXs did', async () => {
    await app.history.closeMissed();
    expect(app.storage.history.isClosed('2026-03-09')).toBe(true);
    const yesterday = app.storage.history.days(DAY - 24 * H, DAY);
    const expected = expectedCounts(app.demo ?? expect.fail('no demo'));
    app.hub.flush();
    const today = boardCounts(app.hub.state(), expected.keys());
    for (const [key, truth] of expected) {
      const closed = yesterday.filter((r) => r.queue === key).reduce((n, r) => n + r.figures.offered, 0);
      expect(closed, key).toBeGreaterThan(50);
      expect(closed + (today.get(key)?.offered ?? 0), key).toBe(truth.offered);
    }
    // Replaying a whole demo day from the journal: seconds, more on a busy machine.
  }, 60_000);
});
