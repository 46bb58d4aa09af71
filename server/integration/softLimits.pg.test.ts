import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BOARD_ID } from '../../lib/board/model';
import { MAX_ALERT_CHANNELS } from '../../lib/settings/alertChannels';
import { FLOOR_LIMITS } from '../floor/floor';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { apiRequest, startTestCallboard, type TestCallboard } from '../testing/callboard';

/**
 * The soft limits that count rows before adding one (alert channels, active floor messages) hold
 * across instances: two real Callboards on one PostgreSQL database, each with its own pool, take
 * concurrent creates; the count and the insert are one step in the store, so no two creates both
 * take the last place. (Checked before the insert, as they were, both instances let them through.)
 */
const newDatabase = testDatabasesDroppedAfterAll();
const dataDir = mkdtempSync(join(tmpdir(), 'callboard-limits-'));
let a: TestCallboard;
let b: TestCallboard;

beforeAll(async () => {
  const env = { DATABASE_URL: await newDatabase() };
  a = await startTestCallboard({ dataDir, env });
  b = await startTestCallboard({ dataDir, env });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `n` creates through each instance at once; the statuses answered. */
async function burst(n: number, path: string, body: (i: number) => unknown): Promise<number[]> {
  const calls = Array.from({ length: n }, (_, i) =>
    [a, b].map((app) => apiRequest(app.url, 'POST', path, body(i))),
  );
  return (await Promise.all(calls.flat())).map((r) => r.status);
}

const tally = (statuses: number[]) => ({
  created: statuses.filter((s) => s === 201).length,
  refused: statuses.filter((s) => s === 409).length,
});

describe('soft limits across two instances on one PostgreSQL', () => {
  it(`alert channels: ${MAX_ALERT_CHANNELS} at most, however many creates race`, async () => {
    const statuses = await burst(MAX_ALERT_CHANNELS, '/api/v1/alert-channels', (i) => ({
      name: `Hook ${i}`,
      kind: 'webhook',
      url: 'http://127.0.0.1:9/in',
    }));
    expect(tally(statuses)).toEqual({ created: MAX_ALERT_CHANNELS, refused: MAX_ALERT_CHANNELS });
    for (const app of [a, b]) {
      const listed = (await (await apiRequest(app.url, 'GET', '/api/v1/alert-channels')).json()) as {
        channels: unknown[];
      };
      expect(listed.channels).toHaveLength(MAX_ALERT_CHANNELS);
    }
  });

  it(`floor messages: ${FLOOR_LIMITS.maxActive} active at most, however many posts race`, async () => {
    const statuses = await burst(FLOOR_LIMITS.maxActive, '/api/v1/floor-messages', (i) => ({
      text: `Message ${i}`,
      severity: 'info',
      boardIds: [DEFAULT_BOARD_ID],
      expiresInSeconds: 600,
    }));
    expect(tally(statuses)).toEqual({ created: FLOOR_LIMITS.maxActive, refused: FLOOR_LIMITS.maxActive });
    await b.floor.reread();
    for (const app of [a, b]) expect(app.floor.active()).toHaveLength(FLOOR_LIMITS.maxActive);
  });
});
