import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DomainEvent, QueueRef } from '../../lib/domain/events';
import { addFigures, asaSeconds, type Figures, serviceLevel, ZERO } from '../../lib/domain/figures';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createHub, type Scheduler } from '../hub/hub';
import { openStorage } from '../storage';
import { createDayCloser } from './dayClose';
import { replayDay } from './replayDay';

/**
 * The key property of history: over seeded simulated days (Europe/London, across the spring DST
 * change, calls waiting across midnight), each closed day's stored figures equal what the live board
 * showed at the day's last moment, per queue and per 15-minute bucket; a day's buckets sum to its
 * day row; and the same day rebuilt from the journal (the start-up close, a recount) equals both.
 */

// Saturday 28 March 2026, 00:00 in London (GMT); the clocks go forward on the Sunday.
const FIRST_DAY = Date.UTC(2026, 2, 28, 0, 0, 0);
const DAYS = 3;
const TENANT = 't1';
const QUEUES = ['8001', '8002', '8003'];
const silent = pino({ level: 'silent' });

const call = fc.record({
  day: fc.integer({ min: 0, max: DAYS - 1 }),
  // Some calls start in the day's last minute, so that they wait across midnight.
  second: fc.oneof(fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 86_340, max: 86_399 })),
  wait: fc.integer({ min: 0, max: 120 }),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'overflowed', 'callback'),
  queue: fc.constantFrom(...QUEUES),
});
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;

function factsOf(c: Call, i: number): DomainEvent[] {
  const base = { source: 'wsi', origin: 'portsip-wsi', tenant: TENANT } as const;
  const queue: QueueRef = { tenant: TENANT, number: c.queue };
  const t0 = FIRST_DAY + c.day * 86_400_000 + c.second * 1000;
  const t1 = t0 + c.wait * 1000;
  const sessionId = `s${i}`;
  const queued: DomainEvent = {
    ...base,
    type: 'callerQueued',
    at: t0,
    queue,
    caller: { sessionId, caller: `07${i}`, kind: 'normal', since: t0 },
  };
  const left: Record<Call['outcome'], DomainEvent> = {
    answered: { ...base, type: 'callerAnswered', at: t1, queue, sessionId, agent: '101' },
    abandoned: { ...base, type: 'callerAbandoned', at: t1, queue, sessionId },
    overflowed: { ...base, type: 'callerOverflowed', at: t1, queue, sessionId },
    callback: { ...base, type: 'callbackScheduled', at: t1, queue, sessionId },
  };
  return [queued, left[c.outcome]];
}

/** A hand-turned clock and timers: the hub's day timer fires exactly at each day's end. */
function manualTime() {
  let now = FIRST_DAY;
  let next = 0;
  const timers = new Map<number, { fn: () => void; due: number }>();
  const scheduler: Scheduler = {
    setTimeout(fn, ms) {
      next += 1;
      timers.set(next, { fn, due: now + ms });
      return next;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return {
    scheduler,
    now: () => now,
    /** Fire every timer due by `t` in order; `beforeEach(due)` runs before each one fires. */
    advance(t: number, beforeEach: (due: number) => void) {
      for (;;) {
        const due = [...timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
        if (!due || due[1].due > t) break;
        now = Math.max(now, due[1].due);
        beforeEach(now);
        timers.delete(due[0]);
        due[1].fn();
      }
      now = Math.max(now, t);
    },
  };
}

type Shown = Record<string, Record<string, number | null>>;
const COUNTS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'overflowed',
  'callbacks',
  'lostTrack',
  'answeredWithinSla',
] as const;
const shownOf = (
  f: Pick<Figures, (typeof COUNTS)[number]>,
  derived: Record<string, number | null>,
): Record<string, number | null> => ({
  ...Object.fromEntries(COUNTS.map((k) => [k, f[k]])),
  ...derived,
});

async function runDays(calls: readonly Call[]) {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-history-'));
  const storage = openStorage({ dataDir: dir, journalWriter: 'inline', logger: silent });
  try {
    const time = manualTime();
    const hub = createHub({ settings: TEST_SETTINGS, now: time.now, epoch: 'e', scheduler: time.scheduler });
    const closer = createDayCloser({
      history: storage.history,
      journal: storage.journalDays,
      settings: () => TEST_SETTINGS,
      now: time.now,
      journalDays: 7,
      logger: silent,
    });
    hub.onDayClosed(closer.closeLive);

    // What the board published at each day's last moment: per queue its tiles, per bucket its chart.
    const board = new Map<string, { start: number; queues: Shown; buckets: Shown }>();
    const noteBoard = (due: number) => {
      const day = hub.state().day;
      if (due < day.end || board.has(day.day)) return;
      hub.flush();
      const s = hub.snapshot().state;
      const queues: Shown = {};
      for (const q of s.queues)
        if (q.today.offered > 0)
          queues[q.id] = shownOf(q.today, { serviceLevel: q.today.serviceLevel, asa: q.today.asaSeconds });
      const buckets: Shown = {};
      for (const b of s.buckets)
        if (b.offered > 0)
          buckets[`${b.queue}/${day.start + b.bucket * 900_000}`] = {
            offered: b.offered,
            answered: b.answered,
            abandoned: b.abandoned,
            asa: b.asaSeconds,
          };
      board.set(day.day, { start: day.start, queues, buckets });
    };

    const events = calls.flatMap(factsOf).sort((a, b) => a.at - b.at);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < events.length; ) {
      const at = (events[i] as DomainEvent).at;
      let j = i;
      while (j < events.length && (events[j] as DomainEvent).at === at) j++;
      const batch = events.slice(i, j);
      time.advance(at, noteBoard);
      hub.ingest(batch);
      writes.push(
        storage.journal.append({ source: 'wsi', kind: 'portsip-wsi', receivedAt: at, events: batch }),
      );
      i = j;
    }
    time.advance(FIRST_DAY + (DAYS + 1) * 86_400_000, noteBoard);
    await Promise.all(writes);
    hub.stop();

    for (const [day, shown] of board) {
      expect(storage.history.isClosed(day)).toBe(true);
      const rows = storage.history.days(shown.start, shown.start + 1);
      // Per queue: the stored day equals the tiles.
      const stored: Shown = {};
      for (const r of rows)
        stored[r.queue] = shownOf(r.figures, {
          serviceLevel: serviceLevel(r.figures),
          asa: asaSeconds(r.figures),
        });
      expect(stored, day).toEqual(shown.queues);
      // Per bucket: the stored quarters equal the chart, and sum to the day row.
      const quarters = storage.history.quarters(shown.start, shown.start + 25 * 3600_000);
      const ofDay = quarters.filter((q) => q.day === day);
      const chart: Shown = {};
      const sums = new Map<string, Figures>();
      for (const q of ofDay) {
        if (q.figures.offered > 0)
          chart[`${q.queue}/${q.start}`] = {
            offered: q.figures.offered,
            answered: q.figures.answered,
            abandoned: q.figures.abandoned,
            asa: asaSeconds(q.figures),
          };
        sums.set(q.queue, addFigures(sums.get(q.queue) ?? ZERO, q.figures));
      }
      expect(chart, day).toEqual(shown.buckets);
      for (const r of rows) expect(sums.get(r.queue) ?? ZERO, `${day} ${r.queue}`).toEqual(r.figures);
      // The same day from the journal (start-up close, recount) equals what was closed live.
      const replayed = await replayDay(storage.journalDays, TEST_SETTINGS, shown.start);
      expect(
        replayed.queues.map((q) => [q.queue, q.today]),
        `${day} replayed`,
      ).toEqual(rows.map((r) => [r.queue, r.figures]));
      expect(replayed.queues.flatMap((q) => q.buckets.map(([start, f]) => [q.queue, start, f]))).toEqual(
        [...ofDay]
          .sort((a, b) => a.queue.localeCompare(b.queue) || a.start - b.start)
          .map((q) => [q.queue, q.start, q.figures]),
      );
    }
    // Every simulated day closed (and the empty day after, which the last advance reaches too).
    expect(board.size).toBeGreaterThanOrEqual(DAYS);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('history: each closed day is what the board showed at its last moment', () => {
  it('per queue and per bucket, live and rebuilt from the journal, over seeded days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 120 }), (calls) => runDays(calls)),
      { seed: 20261207, numRuns: 12 },
    );
  }, 120_000);
});
