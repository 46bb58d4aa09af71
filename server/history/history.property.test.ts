import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { agentFiguresAt } from '../../lib/board/agentFigures';
import { summarizeAgents } from '../../lib/board/agents';
import { type AgentQueueFigures, NO_FIGURES } from '../../lib/domain/agentDay';
import type { DomainEvent, QueueRef } from '../../lib/domain/events';
import { addFigures, asaSeconds, type Figures, serviceLevel, ZERO } from '../../lib/domain/figures';
import type { DomainState } from '../../lib/domain/state';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { assemble } from '../../lib/wireState';
import { createHub, type Scheduler } from '../hub/hub';
import { openStorage } from '../storage';
import { createDayCloser } from './dayClose';
import { replayDay } from './replayDay';

/**
 * The key property of history: over seeded simulated days (Europe/London, across the spring DST
 * change, calls waiting across midnight), each closed day's stored figures equal what the live board
 * showed at the day's last moment, per queue, per 15-minute bucket and per agent (the agents page's
 * figures: counters over the agent's queues, whole seconds per state); a day's buckets sum to its day
 * row; and the same day rebuilt from the journal (the start-up close, a recount) equals both.
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
  // Who answers, how long they talk and wrap up (agent states, so time in state and talk are counted).
  agent: fc.constantFrom('101', '102', '103'),
  talk: fc.integer({ min: 1, max: 900 }),
  wrap: fc.integer({ min: 0, max: 300 }),
  pause: fc.boolean(),
  // An agent the call rang before its outcome who did not answer (call legs, as PortSIP's
  // cdr_target_* events report them): a missed offer, counted live and at the close.
  rang: fc.option(fc.constantFrom('101', '102', '103'), { nil: undefined }),
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
    answered: { ...base, type: 'callerAnswered', at: t1, queue, sessionId, agent: c.agent },
    abandoned: { ...base, type: 'callerAbandoned', at: t1, queue, sessionId },
    overflowed: { ...base, type: 'callerOverflowed', at: t1, queue, sessionId },
    callback: { ...base, type: 'callbackScheduled', at: t1, queue, sessionId },
  };
  // The call's legs, when it rang an agent: the visit's call (PortSIP's session id is the call id).
  const leg = {
    callId: sessionId,
    leg: `r${c.rang}`,
    target: c.rang ?? '',
    targetKind: 'extension',
  } as const;
  const rings = (end: number): DomainEvent[] =>
    c.rang === undefined
      ? []
      : [
          { ...base, ...leg, type: 'callLegRinging', at: t0 },
          { ...base, ...leg, type: 'callLegNotAnswered', at: t1 },
          { ...base, type: 'callEnded', callId: sessionId, at: end },
        ];
  if (c.outcome !== 'answered') return [queued, ...rings(t1), left[c.outcome]];
  // The agent's states in that queue: on the call, wrapping up, then ready or paused (WSI agent status).
  const agentAt = (at: number, state: 'queueCall' | 'wrapUp' | 'ready' | 'notReady'): DomainEvent => ({
    ...base,
    type: 'agentStateChanged',
    at,
    queue,
    agent: { extension: c.agent, state, since: at, ...(state === 'queueCall' ? { sessionId } : {}) },
  });
  const t2 = t1 + c.talk * 1000;
  const t3 = t2 + c.wrap * 1000;
  return [
    queued,
    ...rings(t2),
    left.answered,
    agentAt(t1, 'queueCall'),
    agentAt(t2, 'wrapUp'),
    agentAt(t3, c.pause ? 'notReady' : 'ready'),
  ];
}

type Step = DomainEvent | { type: 'snapshotTick'; at: number };

/** What a WSI link's queue snapshots say at `at`: each queue's waiting callers and agents as they are. */
function snapshotsOf(state: DomainState, at: number): DomainEvent[] {
  return [...state.queues.values()].map((q) => ({
    source: 'wsi',
    origin: 'portsip-wsi',
    tenant: TENANT,
    type: 'queueSnapshotted',
    at,
    queue: { tenant: TENANT, number: q.number ?? '' },
    waiting: [...(q.waiting?.values() ?? [])].map((c) => ({
      sessionId: c.sessionId,
      kind: c.kind,
      since: c.since,
    })),
    agents: [...(q.agents?.values() ?? [])].map((a) => ({
      extension: a.extension,
      state: a.state,
      since: a.since,
      ...(a.sessionId !== undefined ? { sessionId: a.sessionId } : {}),
    })),
  }));
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

/** One agent's figures as compared: counts and sums, and whole seconds per state. */
const agentShown = (a: {
  answered: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapSeconds: number;
  longestTalkSeconds: number;
  missed: number | null;
  seconds: Record<string, number>;
}) => ({ ...a, seconds: { ...a.seconds } });
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
    const board = new Map<
      string,
      { start: number; queues: Shown; buckets: Shown; agents: Record<string, ReturnType<typeof agentShown>> }
    >();
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
      // Per agent: what the agents page shows at that moment (lib/board/agentFigures.ts).
      const agents: Record<string, ReturnType<typeof agentShown>> = {};
      for (const [id, summary] of summarizeAgents(assemble(s).queues)) {
        const f = agentFiguresAt(summary.queues, due);
        if (!f) continue;
        agents[id] = agentShown({
          answered: f.answered,
          talkSeconds: f.talkSeconds,
          holdSeconds: f.holdSeconds,
          wrapSeconds: f.wrapSeconds,
          longestTalkSeconds: f.longestTalkSeconds,
          missed: f.missed,
          seconds: { ...f.stateSeconds },
        });
      }
      board.set(day.day, { start: day.start, queues, buckets, agents });
    };

    // Every three hours, the WSI link's snapshot of every queue (its self-check, a reconnect): as in
    // production, where one comes every RECONCILE_SECONDS, a day rebuilt from the journal then knows
    // the agents' states from inside its look-back, not only from their first change that day.
    const ticks: Step[] = Array.from({ length: DAYS * 8 }, (_, k) => ({
      type: 'snapshotTick',
      at: FIRST_DAY + (k + 1) * 3 * 3600_000 + 30_000,
    }));
    // Every agent is a member of every queue from the first day's start, as a WSI snapshot says: an
    // agent a call rang is on the live board's agents page (a row needs a queue entry).
    const roster: Step[] = QUEUES.flatMap((number) =>
      ['101', '102', '103'].map(
        (extension): DomainEvent => ({
          source: 'wsi',
          origin: 'portsip-wsi',
          tenant: TENANT,
          type: 'agentStateChanged',
          at: FIRST_DAY,
          queue: { tenant: TENANT, number },
          agent: { extension, state: 'ready', since: FIRST_DAY },
        }),
      ),
    );
    const events: Step[] = [...roster, ...calls.flatMap(factsOf), ...ticks].sort((a, b) => a.at - b.at);
    const writes: Promise<unknown>[] = [];
    const deliver = (at: number, batch: DomainEvent[]) => {
      if (batch.length === 0) return;
      hub.ingest(batch);
      writes.push(
        storage.journal.append({ source: 'wsi', kind: 'portsip-wsi', receivedAt: at, events: batch }),
      );
    };
    for (let i = 0; i < events.length; ) {
      const at = (events[i] as Step).at;
      let j = i;
      while (j < events.length && (events[j] as Step).at === at) j++;
      const batch = events.slice(i, j);
      time.advance(at, noteBoard);
      deliver(
        at,
        batch.filter((e): e is DomainEvent => e.type !== 'snapshotTick'),
      );
      if (batch.some((e) => e.type === 'snapshotTick')) deliver(at, snapshotsOf(hub.state(), at));
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
      // Per agent: the stored day equals the agents page, counters summed over the agent's queues
      // and time in state in whole seconds (stored in ms).
      const agentRows = storage.history.agentDays(shown.start, shown.start + 1);
      const storedAgents: Record<string, ReturnType<typeof agentShown>> = {};
      for (const a of agentRows) {
        const sum = (k: 'answered' | 'talkSeconds' | 'holdSeconds' | 'wrapSeconds') =>
          a.queues.reduce((n, q) => n + q.figures[k], 0);
        storedAgents[a.agent] = agentShown({
          answered: sum('answered'),
          talkSeconds: sum('talkSeconds'),
          holdSeconds: sum('holdSeconds'),
          wrapSeconds: sum('wrapSeconds'),
          longestTalkSeconds: Math.max(0, ...a.queues.map((q) => q.figures.longestTalkSeconds)),
          missed: a.queues.some((q) => q.missed !== null)
            ? a.queues.reduce((n, q) => n + (q.missed ?? 0), 0)
            : null,
          seconds: Object.fromEntries(Object.entries(a.stateMs).map(([k, ms]) => [k, Math.floor(ms / 1000)])),
        });
      }
      expect(storedAgents, `${day} agents`).toEqual(shown.agents);
      // Per agent × queue × quarter: the quarters sum to the agent's day row, and per queue and
      // quarter they hold the queue's own answered calls (the same bucket rule).
      const nextStart = Math.min(
        shown.start + 25 * 3600_000,
        ...[...board.values()].map((b) => b.start).filter((x) => x > shown.start),
      );
      const agentQuarters = storage.history.agentQuarters(shown.start, nextStart);
      const dayCells = new Map<string, (typeof agentRows)[number]['queues'][number]>(
        agentRows.flatMap((a) => a.queues.map((q) => [`${a.agent}|${q.queue}`, q] as const)),
      );
      const summed = new Map<string, { figures: AgentQueueFigures; missed: number | null }>();
      const perQueueBucket = new Map<string, { answered: number; talkSeconds: number }>();
      for (const q of agentQuarters) {
        const key = `${q.agent}|${q.queue}`;
        expect(dayCells.has(key), `${day} quarter ${key} has a day row`).toBe(true);
        const had = summed.get(key);
        summed.set(key, {
          figures: had
            ? {
                answered: had.figures.answered + q.figures.answered,
                handled: had.figures.handled + q.figures.handled,
                talkSeconds: had.figures.talkSeconds + q.figures.talkSeconds,
                holdSeconds: had.figures.holdSeconds + q.figures.holdSeconds,
                wrapSeconds: had.figures.wrapSeconds + q.figures.wrapSeconds,
                longestTalkSeconds: Math.max(had.figures.longestTalkSeconds, q.figures.longestTalkSeconds),
              }
            : q.figures,
          missed: had ? (had.missed === null ? null : had.missed + (q.missed ?? 0)) : q.missed,
        });
        // A cell of missed offers only holds no answered call of the queue's bucket.
        if (q.figures.answered === 0) continue;
        const qb = `${q.queue}/${q.start}`;
        const acc = perQueueBucket.get(qb) ?? { answered: 0, talkSeconds: 0 };
        perQueueBucket.set(qb, {
          answered: acc.answered + q.figures.answered,
          talkSeconds: acc.talkSeconds + q.figures.talkSeconds,
        });
      }
      for (const [key, cell] of dayCells) {
        const sum = summed.get(key) ?? { figures: NO_FIGURES, missed: cell.missed === null ? null : 0 };
        expect(sum, `${day} ${key} quarters sum to the day`).toEqual({
          figures: cell.figures,
          missed: cell.missed,
        });
      }
      const queueBuckets = new Map<string, { answered: number; talkSeconds: number }>();
      for (const q of ofDay)
        if (q.figures.answered > 0)
          queueBuckets.set(`${q.queue}/${q.start}`, {
            answered: q.figures.answered,
            talkSeconds: q.figures.talkSeconds,
          });
      expect(perQueueBucket, `${day} agent quarters against queue quarters`).toEqual(queueBuckets);
      // The same day from the journal (start-up close, recount) equals what was closed live.
      const replayed = await replayDay(storage.journalDays, TEST_SETTINGS, shown.start);
      expect(
        (replayed.agents ?? []).map((a) => [a.agent, a.stateMs, a.queues.map((q) => [q.queue, q.figures])]),
        `${day} agents replayed`,
      ).toEqual(agentRows.map((a) => [a.agent, a.stateMs, a.queues.map((q) => [q.queue, q.figures])]));
      expect(replayed.agentQuarters, `${day} agent quarters replayed`).toEqual(agentQuarters);
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
    const shownAgents = [...board.values()].flatMap((b) => Object.values(b.agents));
    return { agents: shownAgents.length, missed: shownAgents.filter((a) => (a.missed ?? 0) > 0).length };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('history: each closed day is what the board showed at its last moment', () => {
  it('per queue, per bucket and per agent, live and rebuilt from the journal, over seeded days', async () => {
    let agentDays = 0;
    let missedDays = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 120 }), async (calls) => {
        const seen = await runDays(calls);
        agentDays += seen.agents;
        missedDays += seen.missed;
      }),
      { seed: 20261207, numRuns: 12 },
    );
    // The agents compared were there: most runs have answered calls; and missed offers were compared
    // as counts, not only as unknown.
    expect(agentDays).toBeGreaterThan(12);
    expect(missedDays).toBeGreaterThan(3);
  }, 120_000);
});
