import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figuresOf, type TruthVisit } from './groundTruth';
import { CallCenterModel } from './model';

const START = Date.UTC(2026, 2, 10, 8, 0, 0);
const HOUR = 3_600_000;
/** Short-staffed and impatient: every outcome happens within a few simulated hours. */
const BUSY = {
  startAt: START,
  agentsPerQueue: 10,
  callsPerHour: 240,
  callbackShare: 0.3,
  maxWaitSeconds: 120,
};

const frameTexts = (m: CallCenterModel, to: number) => m.step(to).map((e) => JSON.stringify(e));

describe('the call-center model', () => {
  it('is deterministic for a seed, whatever the step size', () => {
    const a = new CallCenterModel({ ...BUSY, seed: 7 });
    const b = new CallCenterModel({ ...BUSY, seed: 7 });
    const inSmallSteps: string[] = [];
    for (let t = START; t <= START + HOUR; t += 7_000) inSmallSteps.push(...frameTexts(b, t));
    inSmallSteps.push(...frameTexts(b, START + HOUR));
    expect(frameTexts(a, START + HOUR)).toEqual(inSmallSteps);
    expect(a.groundTruth()).toEqual(b.groundTruth());
    const other = new CallCenterModel({ ...BUSY, seed: 8 });
    expect(frameTexts(other, START + HOUR)).not.toEqual(
      frameTexts(new CallCenterModel({ ...BUSY, seed: 7 }), START + HOUR),
    );
  });

  it('has a sensible default: 3 queues × 13 agents, numbers 8001… and 101…, 18-digit ids', () => {
    const m = new CallCenterModel({ startAt: START });
    const queues = m.queues();
    expect(queues.map((q) => q.number)).toEqual(['8001', '8002', '8003']);
    expect(queues.flatMap((q) => q.agents)).toHaveLength(39);
    expect(m.extensions()[0]).toBe('101');
    expect(m.tenantId).toMatch(/^\d{18}$/);
    for (const q of queues) expect(q.id).toMatch(/^\d{18}$/);
    expect(new Set(queues.map((q) => q.id)).size).toBe(3);
  });

  it('rejects options out of range', () => {
    expect(() => new CallCenterModel({ queues: 51 })).toThrow();
    expect(() => new CallCenterModel({ agentsPerQueue: 101 })).toThrow();
    expect(() => new CallCenterModel({ tenantId: '12345' })).toThrow();
    expect(() => new CallCenterModel({ queues: 2, callsPerHour: [10, 20, 30] })).toThrow(
      /one rate per queue/,
    );
    expect(() => new CallCenterModel({ ringMinSeconds: 9, ringMaxSeconds: 3 })).toThrow(/ringMinSeconds/);
    expect(() => new CallCenterModel({ timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('gets no calls at a rate of 0, and follows the daily curve', () => {
    const idle = new CallCenterModel({ startAt: START, callsPerHour: 0 });
    expect(idle.step(START + 4 * HOUR)).toEqual([]);
    const night = new CallCenterModel({ startAt: Date.UTC(2026, 2, 10, 2), seed: 3 });
    night.step(Date.UTC(2026, 2, 10, 4));
    const day = new CallCenterModel({ startAt: Date.UTC(2026, 2, 10, 10), seed: 3 });
    day.step(Date.UTC(2026, 2, 10, 12));
    expect(night.groundTruth().totals.offered * 10).toBeLessThan(day.groundTruth().totals.offered);
  });

  it('keeps the ground truth consistent for any seed and size', () => {
    const config = fc.record({
      seed: fc.integer(),
      queues: fc.integer({ min: 1, max: 4 }),
      agentsPerQueue: fc.integer({ min: 1, max: 15 }),
      callsPerHour: fc.integer({ min: 0, max: 400 }),
      maxWaitSeconds: fc.integer({ min: 30, max: 400 }),
      wrapMeanSeconds: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const m = new CallCenterModel({ ...c, startAt: START, callbackShare: 0.3 });
        m.step(START + HOUR);
        const truth = m.groundTruth();
        for (const [number, f] of Object.entries(truth.queues)) {
          expect(f.answered + f.abandoned + f.overflowed + f.callbacks + f.waiting).toBe(f.offered);
          expect(f.shortAbandoned).toBeLessThanOrEqual(f.abandoned);
          expect(f.answeredWithinSla).toBeLessThanOrEqual(f.answered);
          if (f.serviceLevel !== null) expect(f.serviceLevel).toBeLessThanOrEqual(1);
          const agents = m.queues().find((q) => q.number === number)?.agents ?? [];
          for (const v of truth.visits.filter((x) => x.queue === number)) {
            const wait = (v.outcomeAt ?? v.enqueuedAt) - v.enqueuedAt;
            expect(wait).toBeGreaterThanOrEqual(0);
            expect(v.enqueuedAt % 1000).toBe(0); // the PBX's clock has whole seconds
            if (v.outcome === 'answered') expect(agents).toContain(v.agent);
            if (v.outcome === 'overflowed') expect(wait).toBe(c.maxWaitSeconds * 1000);
            if (v.outcome === 'abandoned' || v.outcome === 'callback') {
              expect(wait).toBeLessThan(c.maxWaitSeconds * 1000);
            }
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('ground-truth figures (docs/metrics.md)', () => {
  const visit = (
    outcome: TruthVisit['outcome'],
    waitS: number,
    extra: Partial<TruthVisit> = {},
  ): TruthVisit => ({
    sessionId: 's',
    queue: '8001',
    queueId: 'q',
    caller: '1',
    enqueuedAt: 0,
    outcome,
    ...(outcome === 'waiting' ? {} : { outcomeAt: waitS * 1000 }),
    ...extra,
  });

  it('counts SLA and short abandons with "≤" and the configured thresholds', () => {
    const visits = [
      visit('answered', 20, { talkSeconds: 100, wrapSeconds: 10 }),
      visit('answered', 21, { talkSeconds: 50 }),
      visit('answered', 2), // still talking: not handled
      visit('abandoned', 5),
      visit('abandoned', 6),
      visit('overflowed', 120),
      visit('callback', 40),
      visit('waiting', 0),
    ];
    const f = figuresOf(visits, [], { slaSeconds: 20, shortAbandonSeconds: 5 });
    expect(f).toMatchObject({
      offered: 8,
      answered: 3,
      abandoned: 2,
      shortAbandoned: 1,
      overflowed: 1,
      callbacks: 1,
      answeredWithinSla: 2,
      waiting: 1,
      asaSeconds: (20 + 21 + 2) / 3,
      ahtSeconds: (110 + 50) / 2,
      serviceLevel: 2 / (3 + 2 - 1 + 1),
      abandonRate: 2 / 8,
    });
    const strict = figuresOf(visits, [], { slaSeconds: 10, shortAbandonSeconds: 0 });
    expect(strict).toMatchObject({ answeredWithinSla: 1, shortAbandoned: 0 });
  });

  it('takes the SLA and short-abandon seconds from the options', () => {
    const standard = new CallCenterModel(BUSY);
    const loose = new CallCenterModel({ ...BUSY, slaSeconds: 60, shortAbandonSeconds: 30 });
    standard.step(START + HOUR);
    const breaches = loose
      .step(START + HOUR)
      .flatMap((e) => (e.message.event_type === 'queue_sla_breached' ? [e.message] : []));
    // The thresholds change what counts, not what happens.
    expect(loose.groundTruth().visits).toEqual(standard.groundTruth().visits);
    const a = standard.groundTruth().totals;
    const b = loose.groundTruth().totals;
    expect(b.answeredWithinSla).toBeGreaterThan(a.answeredWithinSla);
    expect(b.shortAbandoned).toBeGreaterThan(a.shortAbandoned);
    expect(b.slaBreaches).toBeLessThan(a.slaBreaches);
    expect(breaches.length).toBe(b.slaBreaches);
    expect(new Set(breaches.map((m) => m.sla_time_secs))).toEqual(new Set([60]));
  });
});
