/**
 * What the agents' part of a day's close costs (issue #17, history per agent): on the state of a
 * synthetic busy day (50 queues × 100 agents, every call with PortSIP-style legs), the queues' part
 * (closedDayOf), the walk for missed offers (missedOffersOf) and the whole agent part with it
 * (closedAgentsOf), and the agent quarters (agentQuartersOf: a walk of the visits plus the missed
 * walk), and the day-close thread's whole close (rebuiltDayOf: queues, agents and quarters, one
 * missed walk). All synchronous: what the thread spends on a close's figures (no longer the main
 * thread at the roll: wt-closethread), and what the agent report pays per request for today.
 *
 *   node --max-semi-space-size=64 --import tsx scripts/bench/agentClose.ts [-- --events N] [-- --runs N]
 */
import { performance } from 'node:perf_hooks';
import { closedAgentsOf } from '../../lib/domain/agentClose';
import { missedOffersOf } from '../../lib/domain/agentMissed';
import { agentQuartersOf } from '../../lib/domain/agentQuarters';
import { closedDayOf, rebuiltDayOf } from '../../lib/domain/closedDay';
import { reduceAll } from '../../lib/domain/reduce';
import { initialState } from '../../lib/domain/state';
import { createMissedTally } from '../../server/hub/missedTally';
import { BENCH_SETTINGS, fmt, option } from './cli';
import { syntheticDay } from './syntheticDay';

const wanted = option('events', 500_000);
const runs = option('runs', 7);
const day = syntheticDay({ seed: 1, queues: 50, agentsPerQueue: 100, calls: Math.ceil(wanted / 8) });
// The live board's tally: brought to the day minus its last 200 events, then timed on one
// publication of those 200 (what the hub pays per publication late on a busy day).
const before = reduceAll(initialState(BENCH_SETTINGS, day.startAt), day.events.slice(0, wanted - 200));
const state = reduceAll(before, day.events.slice(wanted - 200, wanted));
console.log(`${fmt(wanted)} events: ${fmt(state.visits.size)} visits, ${fmt(state.calls.size)} calls`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const queues: number[] = [];
const missed: number[] = [];
const agents: number[] = [];
const live: number[] = [];
const quarters: number[] = [];
const rebuilt: number[] = [];
let rows = 0;
let cells = 0;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  closedDayOf(state);
  queues.push(performance.now() - t);
  t = performance.now();
  missedOffersOf(state);
  missed.push(performance.now() - t);
  t = performance.now();
  rows = closedAgentsOf(state, state.day.end).length;
  agents.push(performance.now() - t);
  const tally = createMissedTally();
  tally.update(before);
  t = performance.now();
  tally.update(state);
  live.push(performance.now() - t);
  t = performance.now();
  cells = agentQuartersOf(state).length;
  quarters.push(performance.now() - t);
  t = performance.now();
  rebuiltDayOf(state);
  rebuilt.push(performance.now() - t);
}
console.log(
  `median of ${runs}: queues ${median(queues).toFixed(1)} ms; missed walk ${median(missed).toFixed(1)} ms; ` +
    `agents (missed included) ${median(agents).toFixed(1)} ms for ${fmt(rows)} agents; ` +
    `live tally, one publication of 200 events ${median(live).toFixed(2)} ms; ` +
    `agent quarters (missed included) ${median(quarters).toFixed(1)} ms for ${fmt(cells)} cells; ` +
    `the thread's (rebuiltDayOf: with the quarters, one missed walk) ${median(rebuilt).toFixed(1)} ms`,
);
