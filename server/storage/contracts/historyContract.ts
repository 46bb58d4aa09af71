import { describe, expect, it } from 'vitest';
import type { ClosedAgent } from '../../../lib/domain/agentClose';
import type { ClosedDay } from '../../../lib/domain/closedDay';
import type { AsyncHistoryStore } from '../asyncHistory';
import {
  addF,
  byHour,
  closedAgent,
  DAY,
  DAY_MS,
  day,
  f,
  HOUR,
  label,
  Q,
  quarter,
  summed,
} from '../testing/historyFixtures';
import { freshStore, onAnother, type StoreBackend } from './backend';

/**
 * AsyncHistoryStore's promises (../asyncHistory.ts) as one suite any backend runs: the SQLite file
 * (../history.contract.test.ts) and PostgreSQL (../postgres/history.pg.test.ts). Pinned: a day is
 * replaced whole in one transaction (queue, hour and agent rows of the last write only, also when two
 * connections write the same day at once); raw counters come back as written, as numbers, and any
 * set of quarters sums to its hours and its day; the hourly rollup equals the quarters summed per
 * hour (phase 0 or not, days not starting on the hour); reads by range and queue, queues and agents
 * in code-point order ("Zed" before "annex"), missed null kept apart from 0; counts and prune per table.
 */
export function describeHistoryStoreContract(name: string, backend: StoreBackend<AsyncHistoryStore>): void {
  describe(`HistoryStore contract (${name})`, () => {
    it('empty: nothing closed, no rows, counts 0, prune deletes nothing', async () => {
      const { store, close } = await freshStore(backend);
      expect(await store.isClosed(label(0))).toBe(false);
      expect(await store.closedDays(0, DAY * 2)).toEqual([]);
      expect(await store.quarters(0, DAY * 2)).toEqual([]);
      expect(await store.hours(0, DAY * 2, 0)).toEqual([]);
      expect(await store.hours(0, DAY * 2, 1800_000)).toEqual([]);
      expect(await store.days(0, DAY * 2)).toEqual([]);
      expect(await store.agentDays(0, DAY * 2)).toEqual([]);
      expect(await store.agentQuarters(0, DAY * 2)).toEqual([]);
      expect(await store.agentDayCount(0, DAY * 2)).toBe(0);
      expect(await store.agentQuarterCount(0, DAY * 2)).toBe(0);
      expect(await store.prune(DAY * 2)).toEqual({ quarters: 0, days: 0, closed: 0, agents: 0 });
      await close();
    });

    it('reads back what another connection wrote: raw counters as numbers, by queue then start', async () => {
      const place = await backend.newPlace();
      await onAnother(backend, place, (s) => s.writeDay(day(0, { 'a/2': [3], 'a/1': [1, 2] }), 'live', 1));
      const read = await onAnother(backend, place, async (s) => ({
        days: await s.days(DAY, DAY + DAY_MS),
        quarters: await s.quarters(DAY, DAY + DAY_MS),
        closed: await s.isClosed(label(0)),
      }));
      expect(read.closed).toBe(true);
      expect(read.days).toEqual([
        { queue: 'a/1', start: DAY, day: label(0), figures: addF(f(1), f(2)) },
        { queue: 'a/2', start: DAY, day: label(0), figures: f(3) },
      ]);
      expect(read.quarters).toEqual([
        { queue: 'a/1', start: DAY, day: label(0), figures: f(1) },
        { queue: 'a/1', start: DAY + Q, day: label(0), figures: f(2) },
        { queue: 'a/2', start: DAY, day: label(0), figures: f(3) },
      ]);
      expect(typeof read.quarters[0]?.figures.waitMs).toBe('number');
    });

    it('writing a day again replaces it whole: a queue, an agent or a quarter gone from a recount is gone', async () => {
      const { store, close } = await freshStore(backend);
      const first = day(0, { 'a/1': [1, 2], 'a/2': [3] }, DAY, {
        agents: [closedAgent('t/101', 3, ['a/1', 'a/2']), closedAgent('t/102', 1, ['a/1'])],
        agentQuarters: [quarter(0, 0, 't/101', 'a/1', 2), quarter(0, 1, 't/102', 'a/1', 1)],
      });
      await store.writeDay(first, 'live', 1);
      await store.writeDay(day(1, { 'a/1': [9] }), 'live', 1);
      const once = [await store.days(DAY, DAY + DAY_MS), await store.quarters(DAY, DAY + DAY_MS)];
      await store.writeDay(first, 'startup', 2);
      expect([await store.days(DAY, DAY + DAY_MS), await store.quarters(DAY, DAY + DAY_MS)]).toEqual(once);

      await store.writeDay(
        day(0, { 'a/1': [5] }, DAY, {
          agents: [closedAgent('t/101', 5, ['a/1'])],
          agentQuarters: [quarter(0, 0, 't/101', 'a/1', 5)],
        }),
        'recount',
        3,
      );
      expect((await store.days(DAY, DAY + DAY_MS)).map((r) => [r.queue, r.figures.offered])).toEqual([
        ['a/1', 5],
      ]);
      expect(await store.quarters(DAY, DAY + DAY_MS)).toHaveLength(1);
      expect(summed(await store.hours(DAY, DAY + DAY_MS, 0))).toEqual(new Map([[`a/1 ${DAY}`, f(5)]]));
      expect((await store.agentDays(DAY, DAY + DAY_MS)).map((a) => [a.agent, a.queues.length])).toEqual([
        ['t/101', 1],
      ]);
      expect(await store.agentQuarters(DAY, DAY + DAY_MS)).toEqual([quarter(0, 0, 't/101', 'a/1', 5)]);
      // The next day is untouched.
      expect((await store.days(DAY + DAY_MS, DAY + 2 * DAY_MS)).map((r) => r.figures.offered)).toEqual([9]);
      await close();
    });

    it('two connections writing one day at once leave one write whole, never a mix', async () => {
      const place = await backend.newPlace();
      const a = await backend.open(place);
      const b = await backend.open(place);
      const many = (n: number) => day(0, { 'a/1': Array.from({ length: 96 }, () => n), 'a/2': [n] });
      for (let round = 0; round < 3; round++) {
        await Promise.all([a.store.writeDay(many(1), 'live', 1), b.store.writeDay(many(2), 'recount', 2)]);
        const quarters = await a.store.quarters(DAY, DAY + DAY_MS);
        expect(quarters).toHaveLength(97);
        const values = new Set(quarters.map((r) => r.figures.offered));
        expect(values.size).toBe(1);
        const days = await b.store.days(DAY, DAY + DAY_MS, ['a/1']);
        expect(days.map((r) => r.figures.offered)).toEqual([96 * ([...values][0] as number)]);
      }
      await a.close();
      await b.close();
    });

    it('reads a range for named queues only; closed days in order; prunes whole days, counted per table', async () => {
      const { store, close } = await freshStore(backend);
      for (let d = 0; d < 3; d++)
        await store.writeDay(
          day(d, { 'a/1': [d + 1], 'a/2': [10] }, DAY, {
            agents: [closedAgent('t/101', d, ['a/1', 'a/2'])],
            agentQuarters: [quarter(d, 0, 't/101', 'a/1', d)],
          }),
          'live',
          1,
        );
      // A day closed without calls is closed all the same.
      await store.writeDay(day(3, {}), 'live', 1);
      expect((await store.days(DAY, DAY + 3 * DAY_MS, ['a/1'])).map((r) => r.figures.offered)).toEqual([
        1, 2, 3,
      ]);
      expect(await store.quarters(DAY, DAY + 3 * DAY_MS, ['nope'])).toEqual([]);
      expect(await store.closedDays(DAY, DAY + 4 * DAY_MS)).toEqual([label(0), label(1), label(2), label(3)]);
      expect(await store.isClosed(label(3))).toBe(true);
      expect(await store.agentDayCount(DAY, DAY + 3 * DAY_MS)).toBe(3);
      expect(await store.agentQuarterCount(DAY + DAY_MS, DAY + 3 * DAY_MS)).toBe(2);
      expect(await store.prune(DAY + DAY_MS)).toEqual({ quarters: 2, days: 2, closed: 1, agents: 4 });
      expect(await store.isClosed(label(0))).toBe(false);
      expect(await store.isClosed(label(1))).toBe(true);
      expect(await store.closedDays(DAY, DAY + 4 * DAY_MS)).toEqual([label(1), label(2), label(3)]);
      expect((await store.agentDays(0, DAY + 9 * DAY_MS)).map((r) => r.day)).toEqual([label(1), label(2)]);
      expect(await store.hours(DAY, DAY + DAY_MS, 0)).toEqual([]);
      await close();
    });

    it('hours: the quarters summed per hour, rolled up or not, at a phase of 0 and of half an hour', async () => {
      const { store, close } = await freshStore(backend);
      await store.writeDay(day(0, { 'a/1': [1, 2, 3, 4, 5, 6], 'a/2': [7, 8] }), 'live', 1);
      const quarters = await store.quarters(DAY, DAY + DAY_MS);
      for (const phase of [0, 1800_000]) {
        const from = DAY + phase - (phase > 0 ? HOUR : 0);
        const rows = await store.hours(from, from + DAY_MS + HOUR, phase);
        expect(summed(rows)).toEqual(byHour(quarters, phase));
        // Named queues only.
        const named = await store.hours(from, from + DAY_MS + HOUR, phase, ['a/2']);
        expect([...summed(named).keys()]).toEqual([`a/2 ${from}`]);
      }
      // Not on the hour: summed from the quarters, not the rollup (a rolled hour would spill over).
      const half = await store.hours(DAY + Q, DAY + 3 * Q, 0);
      expect(summed(half)).toEqual(
        new Map([
          [`a/1 ${DAY}`, addF(f(2), f(3))],
          [`a/2 ${DAY}`, f(8)],
        ]),
      );
      await close();
    });

    it('the rollup keeps two days of one hour apart, follows a recount and a prune (days from 06:30)', async () => {
      const { store, close } = await freshStore(backend);
      const start = DAY + 6.5 * HOUR;
      // The day's first two quarters and its last two (06:00 and 06:15 of the next morning).
      const dayAt = (d: number, n: number[]): ClosedDay => {
        const base = day(d, {}, start);
        const buckets = n.map((v, i) => [base.start + (i < 2 ? i : 92 + i) * Q, f(v)] as const);
        return { ...base, queues: [{ queue: 'a/1', today: f(n.reduce((a, b) => a + b, 0)), buckets }] };
      };
      await store.writeDay(dayAt(0, [1, 2, 3, 4]), 'live', 1);
      await store.writeDay(dayAt(1, [10, 20, 30, 40]), 'live', 1);
      const from = DAY + 6 * HOUR;
      const to = from + 3 * DAY_MS;
      const rows = await store.hours(from, to, 0);
      expect(summed(rows)).toEqual(byHour(await store.quarters(from, to), 0));
      // 06:00 of day 1 holds day 0's last two quarters and day 1's first two: one row per day.
      expect(
        rows
          .filter((r) => r.start === from + DAY_MS)
          .map((r) => r.figures.offered)
          .sort((a, b) => a - b),
      ).toEqual([7, 30]);
      await store.writeDay(dayAt(1, [5, 5, 5, 5]), 'recount', 2);
      expect(summed(await store.hours(from, to, 0))).toEqual(byHour(await store.quarters(from, to), 0));
      expect(await store.prune(start + DAY_MS)).toEqual({ quarters: 4, days: 1, closed: 1, agents: 0 });
      expect(summed(await store.hours(from, to, 0))).toEqual(byHour(await store.quarters(from, to), 0));
      await close();
    });

    it('agent days: as written, queues and agents in code-point order, missed null apart from 0', async () => {
      const { store, close } = await freshStore(backend);
      const written = [
        closedAgent('t/annex', 3, ['t/8002', 't/8001', 't/Zed'], { name: 'Ann “Agent”' }),
        closedAgent('t/Zed', 0, ['t/8001']),
        closedAgent('t/101', 2, ['t/8001']),
      ];
      await store.writeDay(day(0, {}, DAY, { agents: written }), 'live', 1);
      await store.writeDay(day(1, {}, DAY, { agents: [closedAgent('t/101', 4, ['t/8001'])] }), 'live', 1);
      const rows = await store.agentDays(DAY, DAY + 2 * DAY_MS);
      const ordered = [written[2], written[1], written[0]] as ClosedAgent[];
      expect(rows.slice(0, 3)).toEqual(
        ordered.map((a) => ({
          day: label(0),
          start: DAY,
          agent: a.agent,
          name: a.name,
          queues: [...a.queues].sort((x, y) => (x.queue < y.queue ? -1 : 1)),
          stateMs: a.stateMs,
        })),
      );
      expect(rows.map((r) => [r.day, r.agent])).toEqual([
        [label(0), 't/101'],
        [label(0), 't/Zed'],
        [label(0), 't/annex'],
        [label(1), 't/101'],
      ]);
      expect(rows[1]?.queues[0]?.missed).toBe(0);
      expect(rows[2]?.queues[0]?.missed).toBeNull();
      expect(await store.agentDayCount(DAY, DAY + DAY_MS)).toBe(3);
      await close();
    });

    it('agent quarters: by bucket, agent, queue (code points); counted; a range cuts by bucket start', async () => {
      const { store, close } = await freshStore(backend);
      const written = [
        quarter(0, 0, 't/annex', 't/8001', 2),
        quarter(0, 0, 't/Zed', 't/b', 1),
        quarter(0, 0, 't/Zed', 't/B', 0),
        quarter(0, 3, 't/101', 't/8001', 4),
      ];
      await store.writeDay(day(0, {}, DAY, { agentQuarters: [...written].reverse() }), 'live', 1);
      expect(await store.agentQuarters(DAY, DAY + DAY_MS)).toEqual([
        written[2],
        written[1],
        written[0],
        written[3],
      ]);
      expect(await store.agentQuarterCount(DAY, DAY + DAY_MS)).toBe(4);
      expect(await store.agentQuarters(DAY + Q, DAY + DAY_MS)).toEqual([written[3]]);
      expect(await store.agentQuarterCount(DAY + Q, DAY + DAY_MS)).toBe(1);
      await close();
    });

    it('queues come in code-point order ("Zed" before "annex")', async () => {
      const { store, close } = await freshStore(backend);
      await store.writeDay(day(0, { 't/annex': [1], 't/Zed': [2], 't/Ärger': [3] }), 'live', 1);
      const order = ['t/Zed', 't/annex', 't/Ärger'];
      expect((await store.days(DAY, DAY + DAY_MS)).map((r) => r.queue)).toEqual(order);
      expect((await store.quarters(DAY, DAY + DAY_MS)).map((r) => r.queue)).toEqual(order);
      expect((await store.hours(DAY, DAY + DAY_MS, 0)).map((r) => r.queue)).toEqual(order);
      expect((await store.hours(DAY, DAY + DAY_MS, 1800_000)).map((r) => r.queue)).toEqual(order);
      await close();
    });
  });
}
