import { describe, expect, it } from 'vitest';
import type { DeliveryLogEntry } from '../../../lib/settings/alertChannels';
import type { ChannelLogStore } from '../channelLog';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * ChannelLogStore's promises (../channelLog.ts) as one suite any backend runs: SQLite
 * (../channelLog.test.ts) and, when it exists, PostgreSQL. The backend opens logs that keep `KEEP`
 * rows per channel. Pinned: newest first in append order (not by `at`, which a clock may repeat or
 * step back), trimmed per channel on append, nulls stay null.
 */
export const CHANNEL_LOG_CONTRACT_KEEP = 5;

const line = (i: number, outcome: DeliveryLogEntry['outcome'], at = i): DeliveryLogEntry => ({
  at,
  notificationId: `n${i}`,
  notificationKind: 'alert.raised',
  attempt: 1,
  outcome,
  status: outcome === 'delivered' ? 200 : null,
  detail: outcome === 'delivered' ? null : `HTTP 500 #${i}`,
  ms: outcome === 'delivered' ? 12 : null,
});

export function describeChannelLogContract(name: string, backend: StoreBackend<ChannelLogStore>): void {
  describe(`ChannelLogStore contract (${name})`, () => {
    it('keeps the newest rows per channel only, newest first, and answers "delivered already?"', async () => {
      const { store: log, close } = await freshStore(backend);
      for (let i = 0; i < 12; i++) await log.append('ch-a', line(i, i === 3 ? 'delivered' : 'failed'));
      await log.append('ch-b', line(99, 'delivered'));
      expect((await log.list('ch-a', 100)).map((e) => e.at)).toEqual([11, 10, 9, 8, 7]);
      expect(await log.list('ch-a', 2)).toHaveLength(2);
      expect(await log.list('ch-b', 100)).toEqual([line(99, 'delivered')]);
      expect(await log.delivered('ch-b', 'n99', 'alert.raised')).toBe(true);
      expect(await log.delivered('ch-b', 'n99', 'alert.cleared')).toBe(false);
      expect(await log.delivered('ch-a', 'n3', 'alert.raised')).toBe(false); // trimmed away
      expect(await log.lastError('ch-a')).toEqual(line(11, 'failed'));
      expect(await log.lastError('ch-b')).toBeUndefined();
      await log.clear('ch-a');
      expect(await log.list('ch-a', 100)).toHaveLength(0);
      expect(await log.list('ch-b', 100)).toHaveLength(1);
      await close();
    });

    it('orders by append, not by time: the same or an earlier `at` still comes first when newer', async () => {
      const { store: log, close } = await freshStore(backend);
      await log.append('ch', line(1, 'failed', 500));
      await log.append('ch', line(2, 'retrying', 500));
      await log.append('ch', line(3, 'failed', 100));
      expect((await log.list('ch', 10)).map((e) => e.notificationId)).toEqual(['n3', 'n2', 'n1']);
      expect((await log.lastError('ch'))?.notificationId).toBe('n3');
      await close();
    });

    it('a write has reached the database when its promise resolves', async () => {
      const place = await backend.newPlace();
      const { store: log, close } = await backend.open(place);
      await log.append('ch', line(1, 'delivered'));
      expect(await onAnother(backend, place, (other) => other.delivered('ch', 'n1', 'alert.raised'))).toBe(
        true,
      );
      await close();
    });
  });
}
