import { describe, expect, it } from 'vitest';
import { acknowledgeAlert, snoozeAlert } from '../../../lib/alerts/actions';
import { type Alert, targetKey } from '../../../lib/alerts/evaluate';
import { anAlert } from '../../../lib/alerts/testing/anAlert';
import type { AlertStore } from '../alerts';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * AlertStore's promises (../alerts.ts) as one suite any backend runs: SQLite (../alerts.test.ts) and,
 * when it exists, PostgreSQL. Pinned: an alert comes back exactly as saved (nulls, booleans, numbers),
 * `open` in id order, `list` newest first with each filter and the `before` cursor, the latest clear
 * per target, `maxId` 0 when empty; a person's change under the row's lock, which the evaluator's
 * later write keeps; ids reserved in disjoint blocks above every stored id.
 */
const T = 1_773_219_600_000;

const alert = (id: number, over: Partial<Alert> = {}): Alert =>
  anAlert({
    id,
    boardId: 'sales',
    ruleId: 'r1',
    severity: 'warn',
    limit: 5,
    badSince: T,
    raisedAt: T + id,
    value: 6,
    worst: 7.5,
    ...over,
  });

export function describeAlertStoreContract(name: string, backend: StoreBackend<AlertStore>): void {
  describe(`AlertStore contract (${name})`, () => {
    it('empty: no open alerts, no clears, maxId 0, get undefined', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.open()).toEqual([]);
      expect(await store.lastCleared()).toEqual(new Map());
      expect(await store.maxId()).toBe(0);
      expect(await store.get(1)).toBeUndefined();
      expect(await store.list({ limit: 10 })).toEqual([]);
      await close();
    });

    it('saveAll inserts or replaces; an alert comes back as saved; open is in id order', async () => {
      const { store, close } = await freshStore(backend);
      const acked = alert(2, {
        queue: 'acme/8000',
        state: 'acknowledged',
        acknowledgedAt: T + 10,
        acknowledgedBy: 'ann@example.com',
        note: 'on it “now”',
        notified: false,
      });
      await store.saveAll([alert(3), acked, alert(1)]);
      await store.saveAll([alert(1, { state: 'cleared', clearedAt: T + 20, clearReason: 'recovered' })]);
      expect(await store.get(2)).toEqual(acked);
      expect((await store.open()).map((a) => a.id)).toEqual([2, 3]);
      expect(await store.maxId()).toBe(3);
      expect((await store.get(1))?.state).toBe('cleared');
      await close();
    });

    it('lastCleared: each target’s latest clear', async () => {
      const { store, close } = await freshStore(backend);
      await store.saveAll([
        alert(1, { state: 'cleared', clearedAt: T + 5, clearReason: 'recovered' }),
        alert(2, { state: 'cleared', clearedAt: T + 9, clearReason: 'recovered' }),
        alert(3, { queue: 'q', state: 'cleared', clearedAt: T + 7, clearReason: 'ruleRemoved' }),
        alert(4),
      ]);
      expect(await store.lastCleared()).toEqual(
        new Map([
          [targetKey('sales', 'r1', null), T + 9],
          [targetKey('sales', 'r1', 'q'), T + 7],
        ]),
      );
      await close();
    });

    it('list: newest first; by boards, states, raised-at window and the before cursor', async () => {
      const { store, close } = await freshStore(backend);
      await store.saveAll([
        alert(1),
        alert(2, { boardId: 'support' }),
        alert(3, { state: 'cleared', clearedAt: T + 50, clearReason: 'recovered' }),
        alert(4, { boardId: 'support', state: 'acknowledged', acknowledgedAt: T, acknowledgedBy: 'x' }),
        alert(5),
      ]);
      const ids = async (q: Parameters<AlertStore['list']>[0]) => (await store.list(q)).map((a) => a.id);
      expect(await ids({ limit: 10 })).toEqual([5, 4, 3, 2, 1]);
      expect(await ids({ limit: 2 })).toEqual([5, 4]);
      expect(await ids({ limit: 2, before: 4 })).toEqual([3, 2]);
      expect(await ids({ limit: 10, boards: ['support'] })).toEqual([4, 2]);
      expect(await ids({ limit: 10, boards: [] })).toEqual([]);
      expect(await ids({ limit: 10, boards: 'all', states: ['raised'] })).toEqual([5, 2, 1]);
      expect(await ids({ limit: 10, states: ['acknowledged', 'cleared'] })).toEqual([4, 3]);
      // from inclusive, to exclusive (raised_at = T + id)
      expect(await ids({ limit: 10, from: T + 2, to: T + 4 })).toEqual([3, 2]);
      await close();
    });

    it('prune deletes cleared alerts cleared before the bound only', async () => {
      const { store, close } = await freshStore(backend);
      await store.saveAll([
        alert(1, { state: 'cleared', clearedAt: T, clearReason: 'recovered' }),
        alert(2, { state: 'cleared', clearedAt: T + 100, clearReason: 'recovered' }),
        alert(3),
      ]);
      expect(await store.prune(T + 100)).toBe(1);
      expect((await store.list({ limit: 10 })).map((a) => a.id)).toEqual([3, 2]);
      expect(await store.prune(T + 100)).toBe(0);
      await close();
    });

    it('change: a person acts on the stored alert; 404 when absent or cleared, 409 twice', async () => {
      const { store, close } = await freshStore(backend);
      await store.saveAll([
        alert(1),
        alert(2, { state: 'cleared', clearedAt: T + 9, clearReason: 'recovered' }),
      ]);
      const ack = (a: Alert) => acknowledgeAlert(a, 'ann@example.com', 'on it', T + 30);
      const done = await store.change(1, ack);
      expect(done).toMatchObject({
        ok: true,
        alert: { state: 'acknowledged', acknowledgedBy: 'ann@example.com' },
      });
      expect(await store.get(1)).toEqual(done.ok ? done.alert : null);
      expect((await store.open()).map((a) => a.state)).toEqual(['acknowledged']);
      expect(await store.change(1, ack)).toMatchObject({ ok: false, status: 409 });
      expect(await store.change(2, ack)).toMatchObject({ ok: false, status: 404 });
      expect(await store.change(3, ack)).toMatchObject({ ok: false, status: 404 });
      await close();
    });

    it('saveAll keeps what people did: an evaluator’s older copy clears the alert, the ack stays', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.saveAll([alert(1), alert(2)]);
      // Another instance's person acts on the stored rows…
      await onAnother(backend, place, async (other) => {
        await other.change(1, (a) => acknowledgeAlert(a, 'kim', null, T + 40));
        await other.change(2, (a) => snoozeAlert(a, 'kim', T + 99));
      });
      // …the evaluator, not told yet, writes its copies: a clear and a worse value.
      await store.saveAll([
        alert(1, { state: 'cleared', clearedAt: T + 50, clearReason: 'recovered', worst: 9 }),
        alert(2, { worst: 8 }),
      ]);
      expect(await store.get(1)).toEqual(
        alert(1, {
          state: 'cleared',
          clearedAt: T + 50,
          clearReason: 'recovered',
          worst: 9,
          acknowledgedAt: T + 40,
          acknowledgedBy: 'kim',
        }),
      );
      expect(await store.get(2)).toEqual(alert(2, { worst: 8, snoozedUntil: T + 99, snoozedBy: 'kim' }));
      await close();
    });

    it('reserveIds: disjoint consecutive blocks, above every stored id', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.saveAll([alert(4)]);
      const first = await store.reserveIds(10);
      expect(first).toBeGreaterThan(4);
      const second = await store.reserveIds(3);
      expect(second).toBeGreaterThanOrEqual(first + 10);
      await store.saveAll([alert(second + 100)]);
      expect(await store.reserveIds(1)).toBeGreaterThan(second + 100);
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.saveAll([alert(7)]);
      expect(await onAnother(backend, place, (other) => other.get(7))).toEqual(alert(7));
      await close();
    });
  });
}
