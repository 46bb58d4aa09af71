import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../lib/domain/figures';
import { openStorage, type Storage } from '.';
import { MIGRATIONS, migrate } from './migrations';

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

describe('history store: the hourly rollup (schema v11)', () => {
  const HOUR = 3600_000;
  /** Per queue and UTC hour, the quarters summed by hand. */
  const byHand = (from: number, to: number) => {
    const sums = new Map<string, number>();
    for (const q of storage.history.quarters(from, to)) {
      const key = `${q.queue} ${q.start - (q.start % HOUR)}`;
      sums.set(key, (sums.get(key) ?? 0) + q.figures.offered);
    }
    return sums;
  };
  const summed = (rows: { queue: string; start: number; figures: Figures }[]) => {
    const sums = new Map<string, number>();
    for (const r of rows)
      sums.set(`${r.queue} ${r.start}`, (sums.get(`${r.queue} ${r.start}`) ?? 0) + r.figures.offered);
    return sums;
  };

  it('equals the quarters summed per hour, also for days that do not start on the hour, and follows a recount', () => {
    // Days from 06:30 to 06:30: the hour 06:00–07:00 holds quarters of two days.
    const start = DAY + 6.5 * HOUR;
    const dayAt = (d: number, buckets: number[]): ClosedDay => ({
      day: `2026-01-0${5 + d}`,
      start: start + d * 86_400_000,
      end: start + (d + 1) * 86_400_000,
      queues: [
        {
          queue: 'a/1',
          today: f(buckets.reduce((a, b) => a + b, 0)),
          // The day's first two quarters and its last two (06:00 and 06:15 of the next morning).
          buckets: buckets.map(
            (n, i) => [start + d * 86_400_000 + (i < 2 ? i : 92 + i) * 900_000, f(n)] as const,
          ),
        },
      ],
    });
    storage.history.writeDay(dayAt(0, [1, 2, 3, 4]), 'live', 1);
    storage.history.writeDay(dayAt(1, [10, 20, 30, 40]), 'live', 1);
    const from = DAY + 6 * HOUR;
    const to = from + 3 * 86_400_000;
    const rows = storage.history.hours(from, to, 0);
    expect(summed(rows)).toEqual(byHand(from, to));
    // 06:00 of day 1 holds day 0's last two quarters and day 1's first two: two rows, one per day.
    expect(rows.filter((r) => r.start === from + 86_400_000).map((r) => r.figures.offered)).toEqual([7, 30]);

    storage.history.writeDay(dayAt(1, [5, 5, 5, 5]), 'recount', 2);
    expect(summed(storage.history.hours(from, to, 0))).toEqual(byHand(from, to));
    expect(storage.history.prune(start + 86_400_000)).toEqual({ quarters: 4, days: 1, closed: 1, agents: 0 });
    expect(summed(storage.history.hours(from, to, 0))).toEqual(byHand(from, to));
  });

  it('is filled from the quarters of days closed before the step', async () => {
    await storage.close();
    const fresh = mkdtempSync(join(tmpdir(), 'callboard-history-v6-'));
    const db = new Database(join(fresh, 'callboard.db'));
    migrate(db, MIGRATIONS.slice(0, 6));
    const insert = db.prepare(
      `INSERT INTO history_quarters VALUES (?, ?, '2026-01-05', ?, ?, 0, 0, 0, 0, 0, 0, ?, 1000, 0, 0, 0, 0)`,
    );
    for (let i = 0; i < 8; i++) insert.run(i % 2 ? 'a/1' : 'a/2', DAY + i * 900_000, i + 1, i + 1, i + 1);
    db.close();
    storage = openStorage({ dataDir: fresh, journalWriter: 'inline' });
    rmSync(dir, { recursive: true, force: true });
    dir = fresh;
    expect(summed(storage.history.hours(DAY, DAY + 86_400_000, 0, ['a/1', 'a/2']))).toEqual(
      new Map([
        [`a/2 ${DAY}`, 1 + 3],
        [`a/1 ${DAY}`, 2 + 4],
        [`a/2 ${DAY + HOUR}`, 5 + 7],
        [`a/1 ${DAY + HOUR}`, 6 + 8],
      ]),
    );
  });
});
