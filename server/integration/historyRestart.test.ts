import { afterEach, describe, expect, it } from 'vitest';
import { getJson, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * A day that rolled while the server was stopped: the server ran in the day, stopped before
 * midnight, and started again the next morning. At that start the missed day is closed from the
 * journal into history, with the figures its board showed before the stop.
 */
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change

const apps: TestCallboard[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close({ remove: true });
});

interface StateView {
  queues: { id: string; today: Record<string, number | null> }[];
}
const COUNTS = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'overflowed', 'answeredWithinSla'];
const pick = (f: Record<string, number | null>) => Object.fromEntries(COUNTS.map((k) => [k, f[k]]));

describe('a day that rolled while the server was stopped', () => {
  it('is closed into history at the next start, as its board showed it', async () => {
    let clock = DAY + 7 * 3600_000;
    const first = await startTestCallboard({ now: () => clock });
    for (let n = 0; n < 30; n++) {
      const start = DAY + 8 * 3600_000 + n * 13 * 60_000;
      for (const p of voipstudioCall(n, n % 4 === 3 ? 'missed' : 'answered', start)) {
        clock = p.at + 1000;
        const res = await fetch(`${first.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: p.body,
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
    }
    clock = DAY + 20 * 3600_000;
    first.hub.flush();
    const shown = (await getJson<StateView>(first.url, '/api/v1/state')).queues.filter(
      (q) => q.today.offered,
    );
    expect(shown.length).toBeGreaterThan(0);
    await first.close();

    clock = DAY + 33 * 3600_000; // 09:00 the next day
    const second = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
    apps.push(second);
    expect(await second.history.missed).toEqual(['2026-03-10']);
    const rows = second.storage.history.days(DAY, DAY + 1);
    expect(Object.fromEntries(rows.map((r) => [r.queue, pick({ ...r.figures })]))).toEqual(
      Object.fromEntries(shown.map((q) => [q.id, pick(q.today)])),
    );
    // Closing is idempotent: the next start writes nothing more, and the rows stay as they are.
    await second.close();
    apps.pop();
    const third = await startTestCallboard({ dataDir: first.dataDir, now: () => clock });
    apps.push(third);
    expect(await third.history.missed).toEqual([]);
    expect(third.storage.history.days(DAY, DAY + 1)).toEqual(rows);
  }, 60_000);
});
