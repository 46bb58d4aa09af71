import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertNotification } from '../alerts/notification';
import type { Fence } from '../cluster/fence';
import { holdLease } from '../cluster/lease';
import { createPgDisplayHealthStore } from '../storage/postgres/displayHealth';
import { createPgDisplayStore } from '../storage/postgres/displays';
import { migratePostgres } from '../storage/postgres/migrate';
import { openPgPool } from '../storage/postgres/pool';
import { testDatabasesDroppedAfterAll } from '../storage/postgres/testing/testDatabase';
import { createFleetWatch } from './watch';
import { FLEET_LEASE } from './watcherLease';

/**
 * A fleet watcher whose lease was taken over without it hearing so (its renewal not due yet) stores
 * no outage step, and so tells nobody: the store checks its fence against the real lease row. The
 * watcher holding the lease now tells the outage, once.
 */
const newDatabase = testDatabasesDroppedAfterAll();
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const MIN = 60_000;

describe('a stale fleet watcher', () => {
  it('is refused by the store and tells nobody; the lease holder tells the outage once', async () => {
    const url = await newDatabase();
    const pool = openPgPool({ url, max: 4 });
    cleanups.push(() => pool.end());
    await migratePostgres(pool);
    const displays = createPgDisplayStore(pool);
    const health = createPgDisplayHealthStore(pool);
    const clock = { t: Date.UTC(2026, 11, 7, 9) };
    const d = await displays.insert({
      name: 'Hall',
      boardId: 'all-queues',
      tokenHash: 'h',
      createdAt: clock.t,
    });
    const sent: { by: string; n: AlertNotification }[] = [];
    const watchAs = (by: string) => {
      const w = createFleetWatch({
        displays,
        health,
        notifier: { notify: (n) => sent.push({ by, n }) },
        now: () => clock.t,
        alertAfterMs: () => 5 * MIN,
        boardName: async () => null,
        logger: pino({ level: 'silent' }),
        leading: false,
      });
      cleanups.push(() => w.stop());
      return w;
    };

    // A holds the fleet lease (renewal far off: it will not hear the takeover in this test).
    const acquired = new Promise<Fence>((resolve) => {
      const lease = holdLease({
        pool,
        link: FLEET_LEASE,
        owner: 'a',
        ttlMs: 60_000,
        renewEveryMs: 20_000,
        onAcquired: resolve,
        onLost: () => {},
      });
      cleanups.push(() => lease.stop());
    });
    const fenceA = await acquired;
    const a = watchAs('a');
    const b = watchAs('b');
    await a.lead(fenceA);
    for (const w of [a, b]) await w.connected(d.id, 's1');
    clock.t += MIN;
    for (const w of [a, b]) await w.disconnected(d.id, 's1');
    // Not live since it connected (no report), then offline: one outage, stored by A.
    expect((await health.all())[0]).toMatchObject({ downSince: clock.t - MIN, notifiedAt: null });

    // B takes the lease over (as after A's expiry): the row's epoch moves on, A does not know yet.
    const { rows } = await pool.query<{ epoch: string }>(
      `UPDATE link_leases SET owner = 'b', epoch = epoch + 1 WHERE link = $1 RETURNING epoch`,
      [FLEET_LEASE],
    );
    clock.t += 5 * MIN;
    await a.evaluate();
    expect(sent).toEqual([]);
    expect((await health.all())[0]?.notifiedAt).toBeNull();

    await b.lead({ link: FLEET_LEASE, epoch: Number(rows[0]?.epoch) });
    await b.evaluate();
    expect(sent.map((s) => [s.by, s.n.kind])).toEqual([['b', 'display.offline']]);
    expect((await health.all())[0]?.notifiedAt).toBe(clock.t);
  });
});
