import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * A server stopped cleanly during a day and started the next morning: the day it stopped in is a
 * missed day, and its start-up close starts from the checkpoint the clean shutdown wrote (still one of
 * the two kept at the next start: the new day writes none before its first interval).
 */
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change

const apps: TestCallboard[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close({ remove: true });
});

function logged() {
  const lines: { msg: string; how?: string; checkpoint?: number | null; queues?: number }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('the start-up close of the day the server stopped in', () => {
  it('starts from the clean-shutdown checkpoint of that day', async () => {
    let clock = DAY + 7 * 3600_000;
    const posts: { at: number; body: string }[] = [];
    for (let n = 0; n < 20; n++)
      posts.push(...voipstudioCall(n, n % 3 === 2 ? 'missed' : 'answered', DAY + 8 * 3600_000 + n * 600_000));
    posts.sort((a, b) => a.at - b.at);
    const day = await startTestCallboard({ now: () => clock });
    for (const p of posts) {
      clock = p.at + 1000;
      const res = await fetch(`${day.url}/api/webhooks/voipstudio/${WEBHOOK_TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: p.body,
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    clock = DAY + 18 * 3600_000;
    await day.close(); // clean shutdown: a checkpoint of DAY

    clock = DAY + 24 * 3600_000 + 9 * 3600_000;
    const log = logged();
    const next = await startTestCallboard({ dataDir: day.dataDir, now: () => clock, logger: log.logger });
    apps.push(next);
    const written = () => log.lines.find((l) => l.msg === 'history written' && l.how === 'startup');
    for (let i = 0; i < 300 && !written(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(written()).toMatchObject({ how: 'startup', queues: 1 });
    expect(written()?.checkpoint).toEqual(expect.any(Number));
  }, 60_000);
});
