import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookSourceView } from '../../lib/settings/webhooks';
import { apiRequest, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * A sender posting invalid 64 KiB bodies in a loop: every one gets its 400 and its dead letter, but
 * the source keeps at most 16 MiB of them, the newest; the settings API says how many were dropped.
 * The real server, SQLite and HTTP on loopback.
 */
let app: TestCallboard;
beforeAll(async () => {
  app = await startTestCallboard();
});
afterAll(async () => {
  await app.close({ remove: true });
});

const SENT = 300; // 300 × 64,000 bytes ≈ 18.3 MiB: over the 16 MiB cap
const invalid = (n: number) => `{"n":${n},"pad":"${'x'.repeat(64_000 - 20)}`; // unterminated: 400

describe('dead letters of one source', () => {
  it('stay within 16 MiB, newest kept, and the dropped ones are counted', async () => {
    for (let n = 0; n < SENT; n += 10) {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(`${app.url}/api/webhooks/3cx/${WEBHOOK_TOKEN}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: invalid(n + i),
          }),
        ),
      );
      for (const r of replies) expect(r.status).toBe(400);
    }
    const page = (await (
      await apiRequest(app.url, 'GET', '/api/v1/dead-letters?source=3cx&limit=500')
    ).json()) as {
      items: { id: number; bodyLength: number }[];
      dropped: number;
    };
    const kept = page.items.reduce((sum, l) => sum + l.bodyLength, 0);
    expect(kept).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(kept).toBeGreaterThan(15 * 1024 * 1024);
    expect(page.dropped).toBe(SENT - page.items.length);
    expect(page.dropped).toBeGreaterThan(0);

    const { sources } = (await (await apiRequest(app.url, 'GET', '/api/v1/webhook-sources')).json()) as {
      sources: WebhookSourceView[];
    };
    const view = sources.find((s) => s.id === '3cx');
    expect(view?.droppedDeadLetters).toBe(page.dropped);
    expect(view?.recentDeadLetters.map((l) => l.id)).toEqual(page.items.slice(0, 5).map((l) => l.id));
    // Other sources lost nothing.
    expect(sources.find((s) => s.id === 'portsip-webhook')?.droppedDeadLetters).toBe(0);
  });
});
