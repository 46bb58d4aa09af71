import { describe, expect, it } from 'vitest';
import {
  addFigures,
  ahtSeconds,
  asaSeconds,
  type Figures,
  type ServiceLevelFormula,
  serviceLevel,
  serviceLevelBy,
  ZERO,
} from '../domain/figures';
import { type QueueView, todayOf } from '../domain/view';
import { agentsByStateOf, boardKpis, earliestWaitSince, figuresOf, longestWaitFrom } from './kpis';
import { boardSchema } from './model';
import { thresholdLevel } from './threshold';

const figures = (f: Partial<Figures>): Figures => ({ ...ZERO, ...f });

const queue = (
  id: string,
  f: Figures,
  extra: Partial<Pick<QueueView, 'waiting' | 'agents'>> = {},
  longest: number | null = 0,
): QueueView => ({
  id,
  name: id,
  number: null,
  queueId: null,
  waiting: [],
  agents: [],
  ...extra,
  today: todayOf(f, { longestWaitSeconds: longest, slaBreaches: 1 }),
});

// Every answered visit's wait and talk known: waited = handled = answered.
const a = figures({
  offered: 10,
  answered: 8,
  abandoned: 2,
  shortAbandoned: 1,
  answeredWithinSla: 8,
  waited: 8,
  waitMs: 8 * 10_000,
  handled: 8,
  talkSeconds: 8 * 100,
});
const b = figures({
  offered: 100,
  answered: 50,
  abandoned: 40,
  overflowed: 10,
  answeredWithinSla: 20,
  waited: 50,
  waitMs: 50 * 60_000,
  handled: 50,
  talkSeconds: 50 * 200,
  holdSeconds: 50 * 20,
  wrapSeconds: 50 * 10,
});

describe('boardKpis', () => {
  it('sums counters and recomputes ratios from the sums, never averaging percentages', () => {
    const k = boardKpis([queue('a', a), queue('b', b)]);
    const sum = addFigures(a, b);
    expect(k.offered).toBe(110);
    expect(k.answered).toBe(58);
    expect(k.abandoned).toBe(42);
    expect(k.slaBreaches).toBe(2);
    expect(k.serviceLevel).toBeCloseTo(serviceLevel(sum) as number, 12);
    // The average of the two queues' service levels would be (8/9 + 20/100) / 2 ≈ 0.544; the board's is 28/109.
    expect(k.serviceLevel).toBeCloseTo(28 / 109, 12);
    expect(k.abandonRate).toBeCloseTo(42 / 110, 12);
    expect(k.asaSeconds).toBeCloseTo(asaSeconds(sum) as number, 9);
    expect(k.ahtSeconds).toBeCloseTo(ahtSeconds(sum) as number, 9);
  });

  it('counts service level with the formula it is given, over the summed counters', () => {
    const queues = [queue('a', a), queue('b', b)];
    const sum = addFigures(a, b);
    // Summed: 110 offered, 58 answered (28 within SLA), 42 abandoned (1 short), 10 overflowed.
    const expected: Record<ServiceLevelFormula, [number, number]> = {
      excludeShortAbandons: [28 / 109, 109],
      abandonsCountAgainst: [28 / 110, 110],
      answeredOnly: [28 / 58, 58],
      allOffered: [28 / 110, 110],
    };
    for (const [formula, [value, denominator]] of Object.entries(expected)) {
      const k = boardKpis(queues, formula as ServiceLevelFormula);
      expect(k.serviceLevel, formula).toBeCloseTo(value, 12);
      expect(k.serviceLevel, formula).toBe(serviceLevelBy(sum, formula as ServiceLevelFormula));
      expect(k.serviceLevelDenominator, formula).toBe(denominator);
      expect(k.serviceLevelFormula).toBe(formula);
    }
    expect(boardKpis(queues).serviceLevelFormula).toBe('excludeShortAbandons');
  });

  it('a board’s formula changes its service level and so its colour', () => {
    // Queue a: 8 of 8 answered within SLA, 2 abandoned of which 1 short.
    const board = (serviceLevelFormula: ServiceLevelFormula) =>
      boardSchema.parse({
        name: 'b',
        serviceLevelFormula,
        thresholds: { serviceLevel: { direction: 'below', warn: 0.85, critical: 0.5 } },
      });
    const seen = (b: ReturnType<typeof board>) => {
      const k = boardKpis([queue('a', a)], b.serviceLevelFormula);
      return [k.serviceLevel, thresholdLevel(b.thresholds.serviceLevel, k.serviceLevel)];
    };
    expect(seen(board('excludeShortAbandons'))).toEqual([8 / 9, 'ok']);
    expect(seen(board('abandonsCountAgainst'))).toEqual([0.8, 'warn']);
    expect(seen(board('answeredOnly'))).toEqual([1, 'ok']);
    expect(seen(board('allOffered'))).toEqual([0.8, 'warn']);
  });

  it('an empty denominator is null, never 0', () => {
    const k = boardKpis([queue('a', ZERO)]);
    expect(k.serviceLevel).toBeNull();
    expect(k.abandonRate).toBeNull();
    expect(k.asaSeconds).toBeNull();
    expect(k.ahtSeconds).toBeNull();
    expect(boardKpis([]).serviceLevel).toBeNull();
  });

  it('a single queue gives back its own figures', () => {
    const k = boardKpis([queue('b', b)]);
    const t = queue('b', b).today;
    expect(k.serviceLevel).toBe(t.serviceLevel);
    expect(k.asaSeconds).toBeCloseTo(t.asaSeconds as number, 9);
    expect(k.ahtSeconds).toBeCloseTo(t.ahtSeconds as number, 9);
  });

  it('adds the counts and sums behind ASA and AHT over queues and divides once, never averaging means', () => {
    // Only 4 of 8 answered waits known and 2 of 8 handled: weighting each queue's mean by its answered
    // calls (what the board did before the wire carried the counts) gives other numbers.
    const partial = figures({
      offered: 8,
      answered: 8,
      waited: 4,
      waitMs: 120_000,
      handled: 2,
      talkSeconds: 500,
      holdSeconds: 40,
      wrapSeconds: 60,
    });
    const k = boardKpis([queue('p', partial), queue('a', a)]);
    const sum = addFigures(a, partial);
    expect(k.asaSeconds).toBeCloseTo(asaSeconds(sum) as number, 9);
    expect(k.ahtSeconds).toBeCloseTo(ahtSeconds(sum) as number, 9);
    const weighted = (30 * 8 + (asaSeconds(a) as number) * a.answered) / (8 + a.answered);
    expect(k.asaSeconds).not.toBeCloseTo(weighted, 3);
    expect(figuresOf(queue('p', partial).today)).toEqual(partial);
  });

  it('waiting: normal and callbacks apart; unknown lists are not zero', () => {
    const w = (since: number, kind: 'normal' | 'callback') => ({
      sessionId: `${since}`,
      caller: null,
      callerName: null,
      since,
      kind,
      position: null,
    });
    const k = boardKpis([
      queue('a', a, { waiting: [w(1000, 'normal'), w(500, 'callback')] }, 30),
      queue('b', b, { waiting: [w(2000, 'normal')] }, 70),
      queue('c', ZERO, { waiting: null }, null),
    ]);
    expect(k.waitingNormal).toBe(2);
    expect(k.waitingCallback).toBe(1);
    expect(k.waitingPartial).toBe(true);
    expect(k.longestWaitSeconds).toBe(70);
    expect(k.earliestWait).toBe(1000);
    expect(boardKpis([queue('c', ZERO, { waiting: null }, null)]).waitingNormal).toBeNull();
  });
});

describe('longest wait', () => {
  it('earliest normal caller; callbacks do not count; unknown vs nobody', () => {
    const caller = (since: number, kind: 'normal' | 'callback' = 'normal') => ({
      sessionId: String(since),
      caller: null,
      callerName: null,
      since,
      kind,
      position: null,
    });
    expect(earliestWaitSince([{ waiting: null }])).toBe('unknown');
    expect(earliestWaitSince([{ waiting: [] }, { waiting: null }])).toBe('nobody');
    expect(earliestWaitSince([{ waiting: [caller(100, 'callback')] }])).toBe('nobody');
    expect(
      earliestWaitSince([{ waiting: [caller(900)] }, { waiting: [caller(100, 'callback'), caller(400)] }]),
    ).toBe(400);
    expect(longestWaitFrom(400, 10_399)).toBe(9);
    expect(longestWaitFrom(400, 0)).toBe(0);
    expect(longestWaitFrom('nobody', 5)).toBe(0);
    expect(longestWaitFrom('unknown', 5)).toBeNull();
  });
});

describe('agentsByStateOf', () => {
  it('counts an agent once, in their most engaged state, per scope', () => {
    const agent = (extension: string, state: 'ready' | 'queueCall' | 'notReady') => ({
      extension,
      name: null,
      state,
      since: 0,
      caller: null,
    });
    const counts = agentsByStateOf([
      queue('t/1', ZERO, { agents: [agent('100', 'ready'), agent('101', 'notReady')] }),
      queue('t/2', ZERO, { agents: [agent('100', 'queueCall')] }),
      queue('u/1', ZERO, { agents: [agent('100', 'ready')] }),
    ]);
    expect(counts?.queueCall).toBe(1);
    expect(counts?.ready).toBe(1);
    expect(counts?.notReady).toBe(1);
    expect(agentsByStateOf([queue('t/1', ZERO, { agents: null })])).toBeNull();
  });
});
