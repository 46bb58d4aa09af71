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
