import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../lib/alerts/evaluate';
import { anAlert } from '../../../lib/alerts/testing/anAlert';
import type { AlertNotification } from '../../alerts/notification';
import type { AlertStore } from '../alerts';
import type { OutboxStore } from '../outbox';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * OutboxStore's promises (../outbox.ts), and the alert store's write of its notices in the same
 * transaction, as one suite both backends run (../outbox.test.ts, ../postgres/outbox.pg.test.ts).
 * Pinned: one row per (id, kind) whatever is added again, pending oldest first until finished, the
 * first outcome per channel stays, the bound (count and age) gives the oldest up, and an alert's step and its notice are stored together or not at all.
 */
export interface OutboxStores {
  readonly outbox: OutboxStore;
  readonly alerts: AlertStore;
}

const T = 1_773_219_600_000;

export const notice = (
  id: string,
  kind: AlertNotification['kind'] = 'alert.raised',
  at = T,
): AlertNotification => ({
  id,
  kind,
  severity: 'critical',
  boardId: 'sales',
  boardName: 'Sales',
  title: `Sales: alert ${id}`,
  text: '',
  at,
  path: `/alerts?id=${id}`,
});

const alert = (id: number): Alert =>
  anAlert({ id, boardId: 'sales', ruleId: 'r1', limit: 5, badSince: T, raisedAt: T, value: 6, worst: 6 });

const ids = async (o: OutboxStore) =>
  (await o.pending(100)).map((p) => `${p.notification.kind} ${p.notification.id}`);

export function describeOutboxContract(name: string, backend: StoreBackend<OutboxStores>): void {
  describe(`OutboxStore contract (${name})`, () => {
    it('one row per (id, kind), oldest first, the body as added; finished rows are no longer pending', async () => {
      const { store, close } = await freshStore(backend);
      const o = store.outbox;
      expect(await o.pending(10)).toEqual([]);
      await o.add([notice('1'), notice('2')]);
      await o.add([{ ...notice('1'), title: 'changed' }, notice('1', 'alert.cleared')]);
      expect(await ids(o)).toEqual(['alert.raised 1', 'alert.raised 2', 'alert.cleared 1']);
      expect((await o.pending(1))[0]).toEqual({ notification: notice('1'), settled: [] });
      expect(await o.pendingCount()).toBe(3);
      await o.finish('2', 'alert.raised', T + 5);
      expect(await ids(o)).toEqual(['alert.raised 1', 'alert.cleared 1']);
      // Added again once finished: still the one row, still finished (a repeat is not news).
      await o.add([notice('2')]);
      expect(await o.pendingCount()).toBe(2);
      await close();
    });

    it('records each channel outcome once (the first stays) and lists them with the pending row', async () => {
      const { store, close } = await freshStore(backend);
      const o = store.outbox;
      await o.add([notice('7')]);
      await o.settle('7', 'alert.raised', 'slack', 'delivered', T + 1);
      await o.settle('7', 'alert.raised', 'slack', 'given up', T + 2);
      await o.settle('7', 'alert.raised', 'mail', 'given up', T + 3);
      expect(await o.settled('7', 'alert.raised', 'slack')).toBe(true);
      expect(await o.settled('7', 'alert.cleared', 'slack')).toBe(false);
      expect(await o.settled('7', 'alert.raised', 'teams')).toBe(false);
      const [p] = await o.pending(10);
      expect([...(p?.settled ?? [])].sort()).toEqual(['mail', 'slack']);
      await close();
    });

    it('bounded: rows past the cap or older than the cutoff are given up, oldest first', async () => {
      const { store, close } = await freshStore(backend);
      const o = store.outbox;
      await o.add([notice('a', 'alert.raised', T - 10_000)]);
      for (let i = 1; i <= 5; i++) await o.add([notice(String(i), 'alert.raised', T + i)]);
      await o.finish('5', 'alert.raised', T);
      const dropped = await o.trim(3, T - 1, T + 100);
      expect(dropped.map((n) => n.id)).toEqual(['a', '1']);
      expect(await ids(o)).toEqual(['alert.raised 2', 'alert.raised 3', 'alert.raised 4']);
      expect(await o.trim(3, T - 1, T + 100)).toEqual([]);
      await close();
    });

    it("an alert's step and its notice are stored together, and neither when one fails", async () => {
      const place = await backend.newPlace();
      const { store, close } = await backend.open(place);
      await store.alerts.saveAll([alert(1)], null, [notice('1')]);
      const seen = await onAnother(backend, place, async (other) => ({
        alert: (await other.alerts.get(1))?.id,
        pending: await ids(other.outbox),
      }));
      expect(seen).toEqual({ alert: 1, pending: ['alert.raised 1'] });
      const broken = { ...notice('2'), kind: null } as unknown as AlertNotification;
      await expect(store.alerts.saveAll([alert(2)], null, [broken])).rejects.toThrow();
      expect(await store.alerts.get(2)).toBeUndefined();
      expect(await store.outbox.pendingCount()).toBe(1);
      await close();
    });
  });
}
