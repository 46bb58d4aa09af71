import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { ahtSeconds, asaSeconds, type Figures } from '../../lib/domain/figures';
import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { queueView } from '../../lib/domain/view';
import { SourceClock } from '../../lib/sources/clockOffset';
import { agentState } from '../../lib/sources/portsip/enums';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import type { TruthVisit } from './groundTruth';
import { CallCenterModel } from './model';
import { mulberry32 } from './random';

/**
 * Issue #14: a simulated day under a bad PBX clock (off by up to 2 min, drifting 50 ms a minute,
 * stamping whole seconds), read frame by frame as the WSI link reads it (the same normalizer, the
 * same clock estimate at the edge) with a network delay per frame, and reduced. At many moments of
 * the day every queue's figures, every waiting caller's wait and every agent's state and time in
 * state must equal the simulator's ground truth, to within a second.
 */

const START = Date.UTC(2026, 2, 10, 8, 0, 0);
const HOURS = 6;
const CHECK_EVERY_MS = 15 * 60_000;
const SLA = 20;
const SHORT = 5;
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: SLA, shortAbandonSeconds: SHORT } };
const SOURCE = 'pbx';
const EXACT = ['offered', 'answered', 'abandoned', 'overflowed', 'callbacks'] as const;

interface Day {
  readonly seed: number;
  readonly offsetMs: number;
  readonly driftMsPerMin: number;
}

/** Visits whose true wait is within a second of a threshold: a PBX clock that drifts may count them either side. */
function nearThreshold(
  visits: readonly TruthVisit[],
  outcome: TruthVisit['outcome'],
  seconds: number,
): number {
  return visits.filter(
    (v) =>
      v.outcome === outcome &&
      v.outcomeAt !== undefined &&
      Math.abs(v.outcomeAt - v.enqueuedAt - seconds * 1000) <= 1000,
  ).length;
}

function checkMoment(model: CallCenterModel, state: DomainState, now: number, problems: string[]): number {
  const truth = model.groundTruth();
  let checks = 0;
  for (const info of model.queues()) {
    const key = `${model.tenantId}/${info.number}`;
    const q = state.queues.get(key);
    const t = truth.queues[info.number];
    if (!q || !t) {
      problems.push(`${key}: no queue`);
      continue;
    }
    const at = `${new Date(now).toISOString()} ${info.number}`;
    const f: Figures = q.today;
    for (const k of EXACT) if (f[k] !== t[k]) problems.push(`${at} ${k}: ${f[k]} ≠ truth ${t[k]}`);
    const visits = truth.visits.filter((v) => v.queue === info.number);
    const sla = nearThreshold(visits, 'answered', SLA);
    if (Math.abs(f.answeredWithinSla - t.answeredWithinSla) > sla)
      problems.push(`${at} answeredWithinSla ${f.answeredWithinSla} vs ${t.answeredWithinSla} (±${sla})`);
    const short = nearThreshold(visits, 'abandoned', SHORT);
    if (Math.abs(f.shortAbandoned - t.shortAbandoned) > short)
      problems.push(`${at} shortAbandoned ${f.shortAbandoned} vs ${t.shortAbandoned} (±${short})`);
    const asa = asaSeconds(f);
    if ((asa === null) !== (t.asaSeconds === null) || Math.abs((asa ?? 0) - (t.asaSeconds ?? 0)) > 1)
      problems.push(`${at} ASA ${asa} vs ${t.asaSeconds}`);
    const aht = ahtSeconds(f);
    if (aht !== null && t.ahtSeconds !== null && Math.abs(aht - t.ahtSeconds) > 1)
      problems.push(`${at} AHT ${aht} vs ${t.ahtSeconds}`);

    const view = queueView(state, q, now);
    // Every caller still listed (a callback request stays listed until served), with their real wait.
    const listed = visits.filter(
      (v) => v.outcome === 'waiting' || (v.outcome === 'callback' && v.callbackServedAt === undefined),
    );
    const shown = new Map((view.waiting ?? []).map((c) => [c.sessionId, c]));
    if (shown.size !== listed.length) problems.push(`${at} ${shown.size} listed ≠ truth ${listed.length}`);
    for (const v of listed) {
      const c = shown.get(v.sessionId);
      checks += 1;
      if (!c) problems.push(`${at} caller ${v.sessionId} missing`);
      else if (Math.abs(c.since - v.enqueuedAt) > 1000)
        problems.push(
          `${at} caller ${v.sessionId} waits ${(now - c.since) / 1000} s, truth ${(now - v.enqueuedAt) / 1000} s`,
        );
    }
    const longest = listed.filter((v) => v.outcome === 'waiting').map((v) => now - v.enqueuedAt);
    const truthLongest = longest.length === 0 ? 0 : Math.floor(Math.max(...longest) / 1000);
    if (Math.abs((view.today.longestWaitSeconds ?? -99) - truthLongest) > 1)
      problems.push(`${at} longest wait ${view.today.longestWaitSeconds} s vs truth ${truthLongest} s`);
    // Every agent, in the state they are really in, for as long as they really are.
    const agents = new Map((view.agents ?? []).map((a) => [a.extension, a]));
    for (const a of model.agentTruth().filter((x) => x.queue === info.number)) {
      const shownAgent = agents.get(a.extension);
      checks += 1;
      if (!shownAgent) problems.push(`${at} agent ${a.extension} missing`);
      else if (shownAgent.state !== agentState(a.state))
        problems.push(`${at} agent ${a.extension} ${shownAgent.state} ≠ truth ${a.state}`);
      else if (Math.abs(shownAgent.since - a.since) > 1000)
        problems.push(
          `${at} agent ${a.extension} in state ${(now - shownAgent.since) / 1000} s, truth ${(now - a.since) / 1000} s`,
        );
    }
  }
  return checks;
}

/** One day: the frames a subscriber to everything gets, each delayed by up to 900 ms, in order. */
function runDay(day: Day): { problems: string[]; checks: number; offset: number | undefined } {
  const model = new CallCenterModel({
    seed: day.seed,
    startAt: START,
    queues: 2,
    agentsPerQueue: 8,
    callsPerHour: 150,
    maxWaitSeconds: 180,
    slaSeconds: SLA,
    shortAbandonSeconds: SHORT,
    pbxClockOffsetMs: day.offsetMs,
    pbxClockDriftMsPerMin: day.driftMsPerMin,
  });
  const delay = mulberry32(day.seed ^ 0x5eed);
  const clock = new SourceClock(SOURCE, 'portsip-wsi');
  let state = initialState(SETTINGS, START);
  let lastArrival = START;
  const problems: string[] = [];
  let checks = 0;
  const read = (message: unknown, at: number, batch: DomainEvent[]) => {
    // A WebSocket is ordered: a frame never overtakes the one before it.
    lastArrival = Math.max(lastArrival, at + Math.floor(delay() * 900));
    const frame = readWsiFrame(JSON.stringify(message), { source: SOURCE, receivedAt: lastArrival });
    if (frame.kind !== 'event' || !frame.result.ok) {
      problems.push(`unreadable frame ${JSON.stringify(message)}`);
      return;
    }
    const estimate = clock.observe(lastArrival, frame.result.events);
    if (estimate) batch.push(estimate);
    batch.push(...frame.result.events);
  };
  const first: DomainEvent[] = [];
  for (const m of model.queueCreated()) read(m, START, first);
  for (const q of model.queues()) read(model.queueStatus(q.number), START, first);
  read(model.extensionStatus(model.extensions()), START, first);
  state = reduceAll(state, first);
  for (let t = START + CHECK_EVERY_MS; t <= START + HOURS * 3600_000; t += CHECK_EVERY_MS) {
    const batch: DomainEvent[] = [];
    for (const e of model.step(t)) read(e.message, e.at, batch);
    state = reduceAll(state, batch);
    // Every frame of second t has arrived (delays < 1 s); nothing of the next second has happened.
    checks += checkMoment(model, state, t + 999, problems);
  }
  return { problems, checks, offset: state.clocks[SOURCE] };
}

describe('a simulated day under a bad PBX clock: the board shows the ground truth', () => {
  it('a PBX clock off by up to ±2 min and drifting 50 ms/min, whole-second stamps, network delay', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          offsetMs: fc.integer({ min: -120_000, max: 120_000 }),
          driftMsPerMin: fc.constantFrom(-50, 50),
        }),
        (day) => {
          const r = runDay(day);
          expect(r.problems.slice(0, 10)).toEqual([]);
          expect(r.checks).toBeGreaterThan(200);
          // The estimate found the PBX's clock (server − PBX) at the end of the day, within a second.
          const endOffset = -(day.offsetMs + HOURS * 60 * day.driftMsPerMin);
          expect(Math.abs((r.offset ?? Number.NaN) - endOffset)).toBeLessThan(1000);
        },
      ),
      { seed: 1414, numRuns: 6 },
    );
  }, 120_000);

  it('the same day with an exact clock passes too (the check itself is sound)', () => {
    const r = runDay({ seed: 7, offsetMs: 0, driftMsPerMin: 0 });
    expect(r.problems.slice(0, 10)).toEqual([]);
  });
});
