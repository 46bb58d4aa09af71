import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../lib/domain/events';
import { TEST_SETTINGS } from '../lib/testing/support';
import { createAuth } from './auth';
import { startHousekeeping } from './housekeeping';
import { createHub } from './hub/hub';
import { openStorage } from './storage';
import { tempDirsRemovedAfterEach } from './storage/testing/tempDir';

/** Housekeeping on a real database: 15-minute figures saved, expired sessions pruned. */
const tempDir = tempDirsRemovedAfterEach();
const NOON = Date.UTC(2026, 2, 10, 12);
const logger = pino({ level: 'silent' });

const call = (id: string, at: number): DomainEvent[] => [
  {
    type: 'callerQueued',
    source: 'pbx',
    origin: 'portsip-wsi',
    tenant: 't',
    at,
    queue: { tenant: 't', number: '8001' },
    caller: { sessionId: id, kind: 'normal', since: at },
  },
  {
    type: 'callerAnswered',
    source: 'pbx',
    origin: 'portsip-wsi',
    tenant: 't',
    at: at + 5000,
    queue: { tenant: 't', number: '8001' },
    sessionId: id,
  },
];

describe('housekeeping', () => {
  it('saves today’s 15-minute figures per queue, and deletes expired sessions', async () => {
    let now = NOON;
    const storage = openStorage({ dataDir: tempDir() });
    const hub = createHub({ settings: TEST_SETTINGS, now: () => now, epoch: 'e' });
    hub.ingest([...call('a', NOON - 60_000), ...call('b', NOON - 30_000)]);
    const auth = createAuth({
      storage,
      now: () => now,
      apiToken: null,
      trustProxy: false,
      sessionIdleHours: 1,
    });
    const user = await auth.accounts.create('a@example.com', 'long enough password', 'admin');
    await auth.sessions.start(user.id, undefined);
    now += 2 * 3600_000; // past the idle limit

    const chores = startHousekeeping({
      storage,
      hub,
      now: () => now,
      logger,
      retention: { journalDays: 8, rawDays: 3 },
      pruneSessions: () => auth.sessions.prune(),
    });
    chores.stop();
    const rows = storage.figures.forDay('2026-03-10');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ queue: 't/8001', bucketStart: NOON - 15 * 60_000 });
    expect(rows[0]?.figures).toMatchObject({ offered: 2, answered: 2 });
    expect(await auth.sessions.prune()).toBe(0); // already done by the start-up prune
    // Control: a session that expires after the chores ran is still there to prune.
    await auth.sessions.start(user.id, undefined);
    now += 2 * 3600_000;
    expect(await auth.sessions.prune()).toBe(1);
    hub.stop();
    await storage.close();
  });
});
