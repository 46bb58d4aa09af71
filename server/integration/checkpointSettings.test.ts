import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { reductionSettingsKey } from '../../lib/domain/checkpoint';
import type { DomainEvent } from '../../lib/domain/events';
import { settingsHash } from '../storage/checkpoints';
import { API_TOKEN, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * Restart checkpoints and Settings → General, on the real process: a clean shutdown leaves a
 * checkpoint the next start resumes from; a new timezone (a day rebuilt from the journal) forgets
 * every checkpoint of the old one, and the next restart resumes in the new zone with its figures.
 */
const H = 3600_000;
const JAN15 = Date.UTC(2026, 0, 15);
const wsi = { source: 'pbx-c', origin: 'portsip-wsi', tenant: 'tenant-c' } as const;
const queue = { tenant: 'tenant-c', number: '8001' };

function call(id: string, at: number): DomainEvent[] {
  return [
    { ...wsi, type: 'queueCreated', at, queue, name: 'General' },
    { ...wsi, type: 'callerQueued', at, queue, caller: { sessionId: id, kind: 'normal', since: at } },
    { ...wsi, type: 'callerAnswered', at: at + 5000, queue, sessionId: id, agent: '101' },
  ];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

describe('checkpoints across restarts and settings', () => {
  it('resume after a clean shutdown; a new timezone forgets the old checkpoints', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callboard-checkpoint-settings-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const clock = { at: JAN15 + 9 * H };
    const start = async () => {
      const lines: { msg: string }[] = [];
      const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
      const app = await startTestCallboard({ dataDir, logger, now: () => clock.at });
      return { app, lines };
    };
    const offered = (app: TestCallboard) =>
      [...app.hub.state().queues.values()].find((q) => q.number === '8001')?.today.offered;
    const hashes = (app: TestCallboard) => app.storage.checkpoints.list().map((c) => c.settingsHash);

    let { app, lines } = await start();
    for (const [id, at] of [
      ['morning', JAN15 + 10 * H], // Kolkata 15:30 on the 15th
      ['evening', JAN15 + 19 * H], // Kolkata 00:30 on the 16th
    ] as const) {
      clock.at = at;
      await app.recorder.accept({
        source: wsi.source,
        kind: wsi.origin,
        receivedAt: at,
        events: call(id, at),
      });
    }
    clock.at = JAN15 + 20 * H;
    expect(offered(app)).toBe(2);
    await app.close();

    ({ app, lines } = await start());
    expect(lines.some((l) => l.msg === 'resuming from checkpoint')).toBe(true);
    expect(offered(app)).toBe(2);
    const london = settingsHash(reductionSettingsKey(app.hub.state().settings));
    expect(hashes(app)).toContain(london);

    const res = await fetch(`${app.url}/api/v1/settings/general`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timezone: 'Asia/Kolkata' }),
    });
    expect(res.status).toBe(200);
    expect(offered(app)).toBe(1);
    expect(hashes(app)).not.toContain(london);
    await app.close();

    ({ app, lines } = await start());
    cleanups.unshift(() => app.close());
    expect(app.hub.state().settings.timezone).toBe('Asia/Kolkata');
    expect(lines.some((l) => l.msg === 'resuming from checkpoint')).toBe(true);
    expect(lines.filter((l) => l.msg.startsWith('checkpoint ignored'))).toEqual([]);
    expect(offered(app)).toBe(1);
  }, 30_000);
});
