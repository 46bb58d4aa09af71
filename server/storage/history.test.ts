import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../lib/domain/figures';
import { openStorage, type Storage } from '.';

const DAY = Date.UTC(2026, 0, 5);
const f = (offered: number): Figures => ({
  ...ZERO,
  offered,
  answered: offered,
  waited: offered,
  waitMs: 1000,
});
const day = (d: number, queues: Record<string, number[]>): ClosedDay => ({
  day: `2026-01-0${5 + d}`,
  start: DAY + d * 86_400_000,
  end: DAY + (d + 1) * 86_400_000,
  queues: Object.entries(queues).map(([queue, buckets]) => ({
    queue,
    today: f(buckets.reduce((a, b) => a + b, 0)),
    buckets: buckets.map((n, i) => [DAY + d * 86_400_000 + i * 900_000, f(n)] as const),
  })),
});

let dir: string;
let storage: Storage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callboard-history-store-'));
  storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history store', () => {
  it('writing a day again replaces it whole: same rows twice, and a queue gone from a recount is gone', () => {
    storage.history.writeDay(day(0, { 'a/1': [1, 2], 'a/2': [3] }), 'live', 1);
    const once = [storage.history.days(DAY, DAY + 1), storage.history.quarters(DAY, DAY + 86_400_000)];
    storage.history.writeDay(day(0, { 'a/1': [1, 2], 'a/2': [3] }), 'startup', 2);
    expect([storage.history.days(DAY, DAY + 1), storage.history.quarters(DAY, DAY + 86_400_000)]).toEqual(
      once,
    );
    expect(once[1]).toHaveLength(3);

    storage.history.writeDay(day(0, { 'a/1': [5] }), 'recount', 3);
    expect(storage.history.days(DAY, DAY + 1).map((r) => [r.queue, r.figures.offered])).toEqual([['a/1', 5]]);
    expect(storage.history.quarters(DAY, DAY + 86_400_000)).toHaveLength(1);
  });

  it('reads a range for named queues only; prunes whole days before a cut, closed marks included', () => {
    for (let d = 0; d < 3; d++) storage.history.writeDay(day(d, { 'a/1': [d + 1], 'a/2': [10] }), 'live', 1);
    expect(storage.history.days(DAY, DAY + 3 * 86_400_000, ['a/1']).map((r) => r.figures.offered)).toEqual([
      1, 2, 3,
    ]);
    expect(storage.history.prune(DAY + 86_400_000)).toEqual({ quarters: 2, days: 2, closed: 1, agents: 0 });
    expect(storage.history.isClosed('2026-01-05')).toBe(false);
    expect(storage.history.isClosed('2026-01-06')).toBe(true);
    expect(storage.history.closedDays(DAY, DAY + 3 * 86_400_000)).toEqual(['2026-01-06', '2026-01-07']);
  });

  it('hours summed in SQLite equal the quarters summed by hand, at a phase of 0 and of half an hour', () => {
    storage.history.writeDay(day(0, { 'a/1': [1, 2, 3, 4, 5, 6], 'a/2': [7, 8] }), 'live', 1);
    for (const phase of [0, 1800_000]) {
      const byHand = new Map<string, number>();
      for (const q of storage.history.quarters(DAY, DAY + 86_400_000)) {
        const hour = q.start - ((q.start + phase) % 3600_000);
        const key = `${q.queue} ${hour}`;
        byHand.set(key, (byHand.get(key) ?? 0) + q.figures.offered);
      }
      const summed = storage.history.hours(DAY, DAY + 86_400_000, phase);
      expect(new Map(summed.map((r) => [`${r.queue} ${r.start}`, r.figures.offered]))).toEqual(byHand);
    }
  });
});
