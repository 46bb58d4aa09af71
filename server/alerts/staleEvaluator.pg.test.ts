import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { boardSchema } from '../../lib/board/model';
import { TEST_SETTINGS } from '../../lib/testing/support';
import type { Fence } from '../cluster/fence';
import { createHub } from '../hub/hub';
import { createPgAlertStore } from '../storage/postgres/alerts';
import { createPgBoardStore } from '../storage/postgres/boards';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { createAlertEngine } from './engine';
import { ALERTS_LEASE } from './evaluatorLease';
import type { AlertNotification } from './notification';
import { crossed, sleep } from './testing/crossing';

/**
 * An evaluator that lost the alerts lease without hearing of it yet (paused, or cut off between two
 * renewals) must not write nor notify (issue #19): its writes carry the lease's fence, the alert
 * store refuses them once another instance holds the lease (server/storage/postgres/alerts.ts), and
 * a raise is told to the channels only once stored. Real PostgreSQL, a real lease row; the
 * successor's takeover is the UPDATE lease.ts makes.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a stale alert evaluator', () => {
  it('writes and notifies while its lease holds; once another holds it, is refused and tells no one', async () => {
    const url = await newDatabase();
    const pool = openPgPool({ url, max: 4 });
    cleanups.push(() => pool.end());
    await migratePostgres(pool);
    const rule = (queue: string) => ({
      id: `waiting-${queue}`,
      figure: 'waiting',
      queue: `t/${queue}`,
      level: 'own',
      limit: 1,
      direction: 'above',
      severity: 'critical',
      holdSeconds: 0,
      clearSeconds: 0,
    });
    await createPgBoardStore(pool).put(
      'sales',
      boardSchema.parse({ name: 'Sales', queues: 'all', alerts: [rule('8001'), rule('8002')] }),
    );
    // This instance holds the lease at epoch 1, as lease.ts would have it.
    await pool.query(
      `INSERT INTO link_leases (link, owner, epoch, expires_at, acquired_at)
       VALUES ($1, 'old', 1, clock_timestamp() + interval '1 hour', clock_timestamp())`,
      [ALERTS_LEASE],
    );
    const fence: Fence = { link: ALERTS_LEASE, epoch: 1 };
    const hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: 'old' });
    cleanups.push(() => hub.stop());
    const told: AlertNotification[] = [];
    const store = createPgAlertStore(pool);
    const engine = createAlertEngine({
      source: hub,
      timezone: () => TEST_SETTINGS.timezone,
      boards: createPgBoardStore(pool),
      store,
      notifier: { notify: (n) => told.push(n) },
      // The lease as this instance last heard of it: its own. It is never told otherwise here.
      ownership: {
        claim(_link, on) {
          on.owned(fence);
          return { release: async () => {} };
        },
      },
      now: Date.now,
      logger: pino({ level: 'silent' }),
    });
    cleanups.push(() => engine.stop());
    await engine.start();
    expect(engine.stats().evaluating).toBe(true);

    hub.ingest(crossed('8001'));
    hub.flush();
    const stored = async () => (await pool.query('SELECT id FROM alerts ORDER BY id')).rows.length;
    for (let i = 0; i < 200 && told.length === 0; i++) await sleep(10);
    expect(told.map((n) => n.kind)).toEqual(['alert.raised']);
    expect(await stored()).toBe(1);

    // Another instance takes the lease over (epoch 2); this one has not heard yet.
    await pool.query(`UPDATE link_leases SET owner = 'new', epoch = 2 WHERE link = $1`, [ALERTS_LEASE]);
    hub.ingest(crossed('8002'));
    hub.flush();
    await sleep(1500); // its evaluation ran (at once), and once more after starting over from the store
    expect(engine.stats().evaluations).toBeGreaterThan(2);
    expect(told.map((n) => n.kind)).toEqual(['alert.raised']);
    expect(await stored()).toBe(1);
  });
});
