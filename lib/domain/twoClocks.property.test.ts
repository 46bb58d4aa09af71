import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceClock } from '../sources/clockOffset';
import { readWsiFrame } from '../sources/portsip/wsi';
import type { AgentState, DomainEvent } from './events';
import { reduceAll } from './reduce';
import { initialState, type Settings } from './state';
import { queueView } from './view';

/**
 * The two-clocks rule (docs/metrics.md): whatever the PBX's clock says, a WSI link's facts give the
 * board the same agents, waiting list and figures, and every time shown against `now` close to the
 * truth: within 2 s here, where a script of a few frames gives the estimate few samples (a rich
 * feed, as in server/simulator/pbxClock.property.test.ts, is held to 1 s). A random script of agent changes, callers and snapshots is sent as WSI frames stamped
 * by a PBX clock up to 2 h off (whole seconds), each arriving after a network delay, in order.
 */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const AGENTS = ['301', '302', '303'];
/**
 * Whole-second stamps, shown mid-second (±0.5 s), and an estimate from few samples: from a single
 * frame it is up to a second plus that frame's delay (≤ 0.5 s here) too high, and an entry keeps the
 * estimate of the moment it was reported.
 */
const TOLERANCE_MS = 2000;
const WSI_STATE: Record<'ready' | 'queueCall' | 'wrapUp' | 'notReady', string> = {
  ready: 'READY',
  queueCall: 'QUEUE_CALL',
  wrapUp: 'WRAP_UP',
  notReady: 'NOT_READY',
};
type Shown = keyof typeof WSI_STATE;

type Op =
  | { kind: 'agent'; ext: string; state: Shown }
  | { kind: 'caller' }
  | { kind: 'leave'; pick: number; answered: boolean }
  | { kind: 'snapshot' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('agent' as const),
    ext: fc.constantFrom(...AGENTS),
    state: fc.constantFrom<Shown>('ready', 'queueCall', 'wrapUp', 'notReady'),
  }),
  fc.record({ kind: fc.constant('caller' as const) }),
  fc.record({ kind: fc.constant('leave' as const), pick: fc.nat(), answered: fc.boolean() }),
  fc.record({ kind: fc.constant('snapshot' as const) }),
);

const script = fc.record({
  offsetMs: fc.integer({ min: -2 * 3600_000, max: 2 * 3600_000 }),
  steps: fc.array(fc.record({ op, gapMs: fc.integer({ min: 1, max: 30_000 }), delayMs: fc.nat(500) }), {
    minLength: 5,
    maxLength: 60,
  }),
});

function run(offsetMs: number, steps: readonly { op: Op; gapMs: number; delayMs: number }[]) {
  const agents = new Map(AGENTS.map((a) => [a, { state: 'ready' as Shown, since: START }]));
  const waiting = new Map<string, number>();
  const counts = { offered: 0, answered: 0, abandoned: 0 };
  const stamp = (t: number) => String(Math.floor((t + offsetMs) / 1000));
  const base = { tenant_id: 'T', queue_id: 'q1', queue_number: '8001' };
  const snapshot = () => ({
    event_type: 'queue_status',
    ...base,
    queue_name: 'Sales',
    waiting_list: [...waiting].map(([id, since], i) => ({
      position: String(i + 1),
      session_id: id,
      caller_number: '555',
      timestamp: stamp(since),
      type: 'normal',
    })),
    agents: [...agents].map(([ext, a]) => ({
      state: WSI_STATE[a.state],
      agent_extension_number: ext,
      timestamp: stamp(a.since),
    })),
  });
  const clock = new SourceClock('pbx', 'portsip-wsi');
  const events: DomainEvent[] = [];
  let t = START;
  let arrival = START;
  let callers = 0;
  const send = (frame: unknown, delayMs: number) => {
    arrival = Math.max(arrival, t + delayMs); // a WebSocket is ordered
    const read = readWsiFrame(JSON.stringify(frame), { source: 'pbx', receivedAt: arrival });
    if (read.kind !== 'event' || !read.result.ok) throw new Error(`unread frame ${JSON.stringify(frame)}`);
    const estimate = clock.observe(arrival, read.result.events);
    if (estimate) events.push(estimate);
    events.push(...read.result.events);
  };
  send(snapshot(), 0);
  // The script, then one last agent change: a frame with the PBX's current time after it.
  const last = { op: { kind: 'agent', ext: '301', state: 'notReady' } as Op, gapMs: 1000, delayMs: 0 };
  for (const { op: o, gapMs, delayMs } of [...steps, last]) {
    t += gapMs;
    if (o.kind === 'agent') {
      if (agents.get(o.ext)?.state === o.state) continue; // no change, no frame
      agents.set(o.ext, { state: o.state, since: t });
      const entry = { state: WSI_STATE[o.state], agent_extension_number: o.ext, timestamp: stamp(t) };
      send(
        { event_type: 'queue_agent_status', ...base, updated_agents: [entry], removed_agents: [] },
        delayMs,
      );
    } else if (o.kind === 'caller') {
      const id = `c${++callers}`;
      waiting.set(id, t);
      counts.offered += 1;
      const c = {
        reason: 'enqueue',
        session_id: id,
        caller_number: '555',
        timestamp: stamp(t),
        type: 'normal',
      };
      send({ event_type: 'queue_caller_status', ...base, updated_callers: [c] }, delayMs);
    } else if (o.kind === 'leave') {
      const ids = [...waiting.keys()];
      const id = ids[o.pick % Math.max(1, ids.length)];
      if (id === undefined) continue;
      waiting.delete(id);
      counts[o.answered ? 'answered' : 'abandoned'] += 1;
      const c = { reason: o.answered ? 'agent_answered' : 'hangup', session_id: id, timestamp: stamp(t) };
      send({ event_type: 'queue_caller_status', ...base, updated_callers: [c] }, delayMs);
    } else send(snapshot(), delayMs);
  }
  return { agents, waiting, counts, events, now: arrival + 1 };
}

describe('two clocks: the PBX clock’s offset changes nothing the board shows', () => {
  it('agents, waiting list, figures and every time against now, for a PBX clock up to 2 h off', () => {
    fc.assert(
      fc.property(script, ({ offsetMs, steps }) => {
        const r = run(offsetMs, steps);
        const state = reduceAll(initialState(SETTINGS, START), r.events);
        const q = state.queues.get('T/8001');
        if (!q) throw new Error('no queue');
        const view = queueView(state, q, r.now);
        const shownAgents = new Map((view.agents ?? []).map((a) => [a.extension, a]));
        for (const [ext, a] of r.agents) {
          const shown = shownAgents.get(ext);
          expect(shown?.state, ext).toBe(a.state satisfies AgentState);
          expect(Math.abs((shown?.since ?? 0) - a.since), `${ext} since`).toBeLessThanOrEqual(TOLERANCE_MS);
        }
        expect(new Set((view.waiting ?? []).map((c) => c.sessionId))).toEqual(new Set(r.waiting.keys()));
        for (const c of view.waiting ?? []) {
          expect(Math.abs(c.since - (r.waiting.get(c.sessionId) ?? 0)), c.sessionId).toBeLessThanOrEqual(
            1000,
          );
        }
        expect({
          offered: q.today.offered,
          answered: q.today.answered,
          abandoned: q.today.abandoned,
        }).toEqual(r.counts);
      }),
      { seed: 1414, numRuns: 300 },
    );
  });
});
