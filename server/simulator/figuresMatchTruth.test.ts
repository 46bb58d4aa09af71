import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { ahtSeconds, asaSeconds, type Figures } from '../../lib/domain/figures';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState, type Settings } from '../../lib/domain/state';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import type { QueueFigures } from './groundTruth';
import { type SimulatorHandle, startSimulator } from './index';
import { connect, DEFAULT_LOGIN, type TestClient } from './wsiTestClient';

/**
 * The key property: what a WSI client receives, read by our parser and folded by our reducer, gives
 * the figures of what really happened (the simulator's ground truth). Three clients watch the same
 * simulated morning with different subscriptions; any difference is a bug in the simulator, the
 * reader or the reducer, and says which.
 */

const START = Date.UTC(2026, 2, 10, 8, 0, 0);
const HOURS = 4;
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
const COUNTS = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'overflowed',
  'callbacks',
  'answeredWithinSla',
] as const;

let sim: SimulatorHandle;
/** Each frame with the simulated time it arrived at (the reader's receivedAt). */
const received = new Map<string, { text: string; at: number }[]>();

async function watcher(name: string, commands: unknown[]): Promise<TestClient> {
  const c = await connect(sim.url);
  const frames: { text: string; at: number }[] = [];
  received.set(name, frames);
  c.ws.on('message', (data) => frames.push({ text: data.toString(), at: sim.now() }));
  await c.request(DEFAULT_LOGIN);
  for (const cmd of commands) await c.request(cmd);
  return c;
}

beforeAll(async () => {
  // Short-staffed and impatient, so that every outcome occurs often.
  sim = await startSimulator({
    autoRun: false,
    startAt: START,
    seed: 2026,
    agentsPerQueue: 10,
    callsPerHour: 240,
    callbackShare: 0.3,
    maxWaitSeconds: 120,
  });
  const queues = sim.queues.map((q) => q.number);
  const management = { command: 'subscribe', topics: ['queue_management_events'] };
  const queueEvents = { command: 'subscribe', topics: ['queue_events'], queues };
  const cdr = { command: 'subscribe', topics: ['cdr_events'] };
  const extensions = { command: 'subscribe', topics: ['extension_events'], extensions: sim.extensions };
  const clients = [
    // What server/pbx/tenantSession.ts subscribes to: everything.
    await watcher('all', [management, queueEvents, extensions, cdr]),
    await watcher('queues+cdr', [management, queueEvents, cdr]),
    await watcher('queues+extensions', [management, queueEvents, extensions]),
  ];
  for (let step = 0; step < HOURS * 6; step++) {
    sim.advance(10 * 60_000);
    await Promise.all(clients.map((c) => c.settle()));
  }
  for (const c of clients) c.ws.terminate();
});

afterAll(async () => {
  await sim.stop();
});

interface Reduced {
  readonly figures: Map<string, Figures>;
  /** Per `<queue number>|<extension>`: answered and talk seconds (docs/metrics.md, "Per-agent figures"). */
  readonly agents: Map<string, { answered: number; talkSeconds: number }>;
  readonly breaches: Map<string, number>;
  readonly problems: string[];
}
const cache = new Map<string, Reduced>();

/** Every frame the client got → readWsiFrame → reduceAll; today's figures per queue number. */
function reduced(name: string): Reduced {
  const hit = cache.get(name);
  if (hit) return hit;
  const events: DomainEvent[] = [];
  const problems: string[] = [];
  for (const f of received.get(name) ?? []) {
    const r = readWsiFrame(f.text, { source: 'sim', receivedAt: f.at });
    if (r.kind === 'reply') {
      if (!r.reply.ok) problems.push(`refused: ${f.text}`);
    } else if (!r.result.ok) problems.push(`${r.result.error}: ${f.text}`);
    else if (r.result.warnings) problems.push(`${r.result.warnings.join('; ')}: ${f.text}`);
    else events.push(...r.result.events);
  }
  const state = reduceAll(initialState(SETTINGS, START), events);
  const figures = new Map<string, Figures>();
  const breaches = new Map<string, number>();
  for (const q of sim.queues) {
    const queue = state.queues.get(`${sim.tenantId}/${q.number}`);
    if (queue) {
      figures.set(q.number, queue.today);
      breaches.set(q.number, queue.slaBreaches);
    }
  }
  const agents = new Map<string, { answered: number; talkSeconds: number }>();
  for (const [key, f] of state.agentQueueToday ?? []) {
    const number = key.slice(`${sim.tenantId}/`.length);
    agents.set(number, { answered: f.answered, talkSeconds: f.talkSeconds });
  }
  const result = { figures, agents, breaches, problems };
  cache.set(name, result);
  return result;
}

const pickCounts = (f: Figures | QueueFigures | undefined) =>
  Object.fromEntries(COUNTS.map((k) => [k, f?.[k]]));

describe('figures from the frames a client received = the ground truth', () => {
  it('the simulated morning has every outcome', () => {
    const t = sim.groundTruth().totals;
    for (const k of COUNTS) expect(t[k], k).toBeGreaterThan(20);
    expect(t.slaBreaches).toBeGreaterThan(20);
  });

  for (const name of ['all', 'queues+cdr', 'queues+extensions']) {
    it(`${name}: every frame read cleanly; every count, ASA and SLA breaches per queue`, () => {
      const { figures, breaches, problems } = reduced(name);
      expect(problems).toEqual([]);
      const truth = sim.groundTruth().queues;
      for (const q of sim.queues) {
        const t = truth[q.number];
        const f = figures.get(q.number);
        expect(pickCounts(f), q.number).toEqual(pickCounts(t));
        expect(f && asaSeconds(f), q.number).toBeCloseTo(t?.asaSeconds ?? Number.NaN, 9);
        expect(breaches.get(q.number), q.number).toBe(t?.slaBreaches);
      }
    });
  }

  it('queues+cdr: AHT (talk + wrap-up) per queue', () => {
    const { figures } = reduced('queues+cdr');
    for (const q of sim.queues) {
      const f = figures.get(q.number);
      expect(f && ahtSeconds(f), q.number).toBeCloseTo(
        sim.groundTruth().queues[q.number]?.ahtSeconds ?? Number.NaN,
        9,
      );
    }
  });

  /**
   * With extension_events subscribed, `extension_agent_status` repeats each agent change without a
   * session id; the reducer must not let it erase the call the agent is on (it once did, losing talk
   * and wrap-up time from AHT).
   */
  for (const name of ['all', 'queues+extensions']) {
    it(`${name}: AHT per queue`, () => {
      const { figures } = reduced(name);
      for (const q of sim.queues) {
        const f = figures.get(q.number);
        expect(f && ahtSeconds(f)).toBeCloseTo(
          sim.groundTruth().queues[q.number]?.ahtSeconds ?? Number.NaN,
          9,
        );
      }
    });
  }

  for (const name of ['all', 'queues+cdr', 'queues+extensions']) {
    it(`${name}: answered and talk seconds per agent and queue`, () => {
      const truth = new Map<string, { answered: number; talkSeconds: number }>();
      for (const v of sim.groundTruth().visits) {
        if (v.outcome !== 'answered' || v.agent === undefined) continue;
        const k = `${v.queue}|${v.agent}`;
        const t = truth.get(k) ?? { answered: 0, talkSeconds: 0 };
        truth.set(k, { answered: t.answered + 1, talkSeconds: t.talkSeconds + (v.talkSeconds ?? 0) });
      }
      const { agents } = reduced(name);
      expect(truth.size).toBeGreaterThan(10);
      expect([...agents.keys()].sort()).toEqual([...truth.keys()].sort());
      for (const [k, t] of truth) {
        expect(agents.get(k)?.answered, k).toBe(t.answered);
        expect(agents.get(k)?.talkSeconds, k).toBeCloseTo(t.talkSeconds, 6);
      }
    });
  }
});
