/**
 * A/B of the reducer in one process, for a noisy machine: two checkouts' reducers (`lib/domain` of
 * each) alternately reduce the same events, so both see the same load. Per round and checkout: the
 * replay benchmark's 500,000-event day in chunks of 5,000 (as a start-up replay), then its first
 * 200,000 events one by one (as live). Rounds alternate which checkout goes first.
 *
 *   node --max-semi-space-size=64 --import tsx scripts/bench/abReduce.ts <checkout A> <checkout B> [rounds]
 *
 * Each checkout's modules (and its Immutable.js) load from its own path, so neither shares code or
 * inline caches with the other. Swap A and B in a second run: a checkout's place in the round can
 * matter too.
 */

import { performance } from 'node:perf_hooks';
import type { DomainEvent } from '../../lib/domain/events';
import type { DomainState, Settings } from '../../lib/domain/state';
import { BENCH_SETTINGS } from './cli';
import { syntheticDay } from './syntheticDay';

interface Reducer {
  readonly reduce: (s: DomainState, e: DomainEvent) => DomainState;
  readonly reduceAll: (s: DomainState, e: Iterable<DomainEvent>) => DomainState;
  readonly initialState: (settings: Settings, now: number) => DomainState;
}

async function load(root: string): Promise<Reducer> {
  const r = await import(`${root}/lib/domain/reduce.ts`);
  const s = await import(`${root}/lib/domain/state.ts`);
  return { reduce: r.reduce, reduceAll: r.reduceAll, initialState: s.initialState };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const [rootA, rootB] = process.argv.slice(2, 4);
  if (!rootA || !rootB) throw new Error('usage: abReduce.ts <checkout A> <checkout B> [rounds]');
  const rounds = Number(process.argv[4] ?? 4);
  const pair = { A: await load(rootA), B: await load(rootB) };
  const day = syntheticDay({ seed: 1, queues: 50, agentsPerQueue: 100, calls: 62_500 });
  // Through JSON, as events come from the journal.
  const events: DomainEvent[] = JSON.parse(JSON.stringify(day.events.slice(0, 500_000)));
  const replay = (m: Reducer) => {
    const t = performance.now();
    let s = m.initialState(BENCH_SETTINGS, day.startAt);
    for (let i = 0; i < events.length; i += 5000) s = m.reduceAll(s, events.slice(i, i + 5000));
    return performance.now() - t;
  };
  const live = (m: Reducer) => {
    const t = performance.now();
    let s = m.initialState(BENCH_SETTINGS, day.startAt);
    for (let i = 0; i < 200_000; i++) s = m.reduce(s, events[i] as DomainEvent);
    return (200_000 / (performance.now() - t)) * 1000;
  };
  replay(pair.A);
  replay(pair.B); // warm-up
  const res = {
    A: { replay: [] as number[], live: [] as number[] },
    B: { replay: [] as number[], live: [] as number[] },
  };
  for (let r = 0; r < rounds; r++) {
    for (const tag of r % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      res[tag].replay.push(replay(pair[tag]));
      res[tag].live.push(live(pair[tag]));
    }
    console.log(
      `round ${r + 1}: replay A ${res.A.replay.at(-1)?.toFixed(0)} ms, B ${res.B.replay.at(-1)?.toFixed(0)} ms; ` +
        `live A ${res.A.live.at(-1)?.toFixed(0)} events/s, B ${res.B.live.at(-1)?.toFixed(0)} events/s`,
    );
  }
  const [ra, rb, la, lb] = [
    median(res.A.replay),
    median(res.B.replay),
    median(res.A.live),
    median(res.B.live),
  ];
  console.log(`median replay: A ${ra.toFixed(0)} ms, B ${rb.toFixed(0)} ms (B/A ${(rb / ra).toFixed(3)})`);
  console.log(
    `median live: A ${la.toFixed(0)} events/s, B ${lb.toFixed(0)} events/s (B/A ${(lb / la).toFixed(3)})`,
  );
}

await main();
