import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startConnector, TEST_PASSWORD } from './testing/connectorHarness';
import { type FakeWsiServer, startFakeWsiServer, waitUntil } from './testing/fakeWsiServer';

/**
 * Issue #14 item 8: a WSI source's last proof of life is any frame or pong, on the server's clock, so
 * that a quiet but healthy PBX is not shown as old and a black-holed one is.
 */
let server: FakeWsiServer | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.connector.stop();
  await server?.close();
  h = undefined;
  server = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('proof of life', () => {
  it('pongs keep a quiet link fresh; a black-holed link stops proving life', async () => {
    const fake = await startFakeWsiServer({ password: TEST_PASSWORD, queues: { '8001': ['301'] } });
    server = fake;
    const harness = startConnector(fake.url);
    h = harness;
    await waitUntil(() => harness.last()?.status === 'connected', 2_000, 'connected');
    expect(harness.last()?.lastProofOfLifeAt).toEqual(expect.any(Number));

    // No frame from the PBX from here on, only pongs (ping every 100 ms).
    const quietFrom = Date.now();
    const frames = harness.connector.stats().framesIn;
    await sleep(350);
    expect(harness.connector.stats().framesIn).toBe(frames);
    expect(harness.connector.status().lastProofOfLifeAt).toBeGreaterThanOrEqual(quietFrom);

    fake.blackHole();
    const holedAt = Date.now();
    await sleep(150);
    const last = harness.connector.status().lastProofOfLifeAt ?? 0;
    expect(last).toBeLessThanOrEqual(holedAt + 50);
  });
});
