import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer } from './testing/fakeWsiServer';

/** Fake timers, real sockets: I/O still flows, only the connector's timers are under the test's control. */

let server: FakeWsiServer;
let h: Harness | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

/** Lets socket I/O happen (setImmediate is not faked) and moves fake time on a little. */
async function pumpUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000 && !check(); i++) {
    await new Promise((r) => setImmediate(r));
    await vi.advanceTimersByTimeAsync(5);
  }
  if (!check()) throw new Error(`never happened: ${what}`);
}

describe('WSI connector: timers', () => {
  it('backs off with full jitter: delay = random() × min(cap, base × 2^attempt)', async () => {
    // The clock is faked too, so the gaps are the connector's own delays, not the machine's load
    // (a wall-clock version of this test failed on a busy machine: 208 ms for a 150 ms delay).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    server = await startFakeWsiServer({ refuseConnections: true });
    const random = () => 0.75;
    h = startConnector(server.url, { random, timing: { backoffBaseMs: 40, backoffCapMs: 200 } });
    await pumpUntil(() => server.connections() >= 6, 'six attempts');
    await h.connector.stop();
    // Expected delays: 0.75 × 40, 80, 160, 200 (cap), 200 → 30, 60, 120, 150, 150 ms; time moves
    // in 5 ms steps here, so each gap is its delay rounded up to a step.
    const expected = [30, 60, 120, 150, 150];
    const measured = server.connectedAt.slice(1, 6).map((t, i) => t - (server.droppedAt[i] ?? t));
    expect(measured).toHaveLength(5);
    measured.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i] ?? 0);
      expect(gap).toBeLessThanOrEqual((expected[i] ?? 0) + 5);
    });
  });

  it('stop() leaves no timer behind and nothing reconnects however long we wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    server = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['101'] } });
    h = startConnector(server.url);
    await pumpUntil(() => h?.last()?.status === 'connected', 'connected');
    expect(vi.getTimerCount()).toBeGreaterThan(0); // heartbeat, stability timer

    await h.connector.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.connections()).toBe(1);
  });

  it('stop() during the auth-retry wait leaves no timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    server = await startFakeWsiServer({ password: 'another' });
    h = startConnector(server.url, { timing: { authRetryMs: 60_000 } });
    await pumpUntil(() => h?.last()?.status === 'error', 'auth error');
    await pumpUntil(() => vi.getTimerCount() === 1, 'only the retry timer left');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(server.connections()).toBe(1); // still waiting: no retry before authRetryMs
    await h.connector.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
