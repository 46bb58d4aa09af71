/**
 * What the replayed day's state costs on the heap, map by map: reduce the replay benchmark's
 * 500,000-event day (scripts/bench/replay.ts, same options), drop the events, then measure the heap
 * after full GCs with the whole state kept and with each of its large maps dropped in turn.
 *
 *   npm run bench:heap [-- --events N] [-- --seed N]
 */

import { reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState } from '../../lib/domain/state';
import { BENCH_SETTINGS, fmt, option } from './cli';
import { canCollect, heapAfterGc } from './heap';
import { syntheticDay } from './syntheticDay';

const CHUNK = 5000;
const CALLS = 60_000;

if (!canCollect) throw new Error('run with node --expose-gc (npm run bench:heap)');
const heapNow = heapAfterGc;

type MapName =
  | 'visits'
  | 'calls'
  | 'extensions'
  | 'queues'
  | 'visitQueues'
  | 'agentsToday'
  | 'wrapUps'
  | 'breaches';
const MAPS: readonly MapName[] = [
  'visits',
  'calls',
  'extensions',
  'queues',
  'visitQueues',
  'agentsToday',
  'wrapUps',
  'breaches',
];

function replayedState(wanted: number, seed: number): DomainState {
  const day = syntheticDay({
    seed,
    queues: 50,
    agentsPerQueue: 100,
    calls: Math.max(CALLS, Math.ceil(wanted / 8)),
  });
  // Events go through JSON as from the journal, so strings in the state are the parsed ones, not the
  // generator's shared literals (as after a real replay).
  const events = day.events.slice(0, wanted);
  let state = initialState(BENCH_SETTINGS, day.startAt);
  for (let i = 0; i < events.length; i += CHUNK) {
    state = reduceAll(state, JSON.parse(JSON.stringify(events.slice(i, i + CHUNK))));
  }
  return state;
}

interface Holder {
  state: DomainState;
}

/** Drops one map from the held state; in its own function so that no local keeps the map alive. */
function drop(holder: Holder, name: MapName): number {
  const size = holder.state[name].size;
  holder.state = { ...holder.state, [name]: holder.state[name].clear() };
  return size;
}

function main(): void {
  const wanted = option('events', 500_000);
  const seed = option('seed', 1);
  const empty = heapNow();
  const holder: Holder = { state: replayedState(wanted, seed) };
  const full = heapNow() - empty;
  // Maps are dropped one after another: each difference is what that map alone holds (strings it
  // shares with a map dropped later excepted).
  const rows: [string, number, number][] = [];
  let before = full;
  for (const name of MAPS) {
    const size = drop(holder, name);
    heapNow();
    const without = heapNow() - empty;
    rows.push([name, size, before - without]);
    before = without;
  }
  console.log(`state of a ${fmt(wanted)}-event day: ${(full / 1048576).toFixed(1)} MB after GC`);
  console.log('\n| map | entries | MB | bytes per entry |\n|---|---|---|---|');
  for (const [name, size, bytes] of rows) {
    console.log(
      `| ${name} | ${fmt(size)} | ${(bytes / 1048576).toFixed(1)} | ${size ? fmt(bytes / size) : '—'} |`,
    );
  }
  console.log(`| everything else | | ${(before / 1048576).toFixed(1)} | |`);
}

main();
