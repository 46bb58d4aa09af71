/**
 * Reducer throughput: events reduced per second for a 5,000-agent / 50-queue synthetic day, on the
 * main thread (one core). Target ≥ 200,000 events/s. Results go in docs/benchmarks.md.
 *
 *   npm run bench:reduce [-- --events N] [-- --calls N] [-- --seed N] [-- --mode event|batch|replay]
 *                        [-- --paired] [-- --sip-call-ids]
 *
 * `--paired`: a second source reports on the same tenant from the start, so every stay of the day is
 * tracked for cross-source agreement (lib/domain/reduce/agreement.ts): its worst case.
 *
 * Three modes, because the server uses two of them:
 *   event   reduce() one event at a time (the slowest; the upper bound of per-event cost)
 *   batch   reduceAll() over windows of 100 events (the hub coalesces ~50 ms windows)
 *   replay  reduceAll() over the whole day (journal replay at start-up)
 */

import { performance } from 'node:perf_hooks';
import type { DomainEvent } from '../../lib/domain/events';
import { reduce, reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState } from '../../lib/domain/state';
import { BENCH_SETTINGS, fmt, mb, option } from './cli';
import { BENCH_TENANT, syntheticDay } from './syntheticDay';

const TARGET = 200_000;
const QUEUES = 50;
const AGENTS_PER_QUEUE = 100;
const WARM_UP_EVENTS = 100_000;
const RUNS = 3;
const BATCH = 100;
const MODES = ['event', 'batch', 'replay'] as const;
type Mode = (typeof MODES)[number];

function run(
  mode: Mode,
  events: readonly DomainEvent[],
  startAt: number,
): { state: DomainState; ms: number } {
  let s = initialState(BENCH_SETTINGS, startAt);
  const n = events.length;
  const t = performance.now();
  if (mode === 'event') for (let i = 0; i < n; i++) s = reduce(s, events[i] as DomainEvent);
  else if (mode === 'batch') for (let i = 0; i < n; i += BATCH) s = reduceAll(s, events.slice(i, i + BATCH));
  else s = reduceAll(s, events);
  return { state: s, ms: performance.now() - t };
}

function modeOption(): readonly Mode[] {
  const i = process.argv.indexOf('--mode');
  if (i < 0) return MODES;
  const m = process.argv[i + 1] as Mode;
  if (!MODES.includes(m)) throw new Error(`--mode is one of ${MODES.join(', ')}`);
  return [m];
}

function main(): void {
  const seed = option('seed', 1);
  const calls = option('calls', 130_000);
  const t = performance.now();
  const day = syntheticDay({ seed, queues: QUEUES, agentsPerQueue: AGENTS_PER_QUEUE, calls });
  const cap = option('events', day.events.length);
  const paired: DomainEvent[] = process.argv.includes('--paired')
    ? [
        {
          type: 'queueCreated',
          source: 'bench-pair',
          origin: 'portsip-webhook',
          tenant: BENCH_TENANT,
          at: day.startAt,
          atArrival: true,
          queue: { tenant: BENCH_TENANT, number: 'pair' },
        },
      ]
    : [];
  // --sip-call-ids: call facts name their SIP Call-ID as PortSIP's CDR facts do (reduce/callAliases.ts).
  const sip = process.argv.includes('--sip-call-ids');
  const events = [...paired, ...day.events.slice(0, cap)].map((e) =>
    sip && (e.type === 'callStarted' || e.type === 'callUpdated' || e.type === 'callDetailRecorded')
      ? { ...e, sipCallId: `sip-${e.callId}` }
      : e,
  );
  const queued = events.filter((e) => e.type === 'callerQueued').length;
  console.log(
    `synthetic day: ${QUEUES} queues × ${AGENTS_PER_QUEUE} agents, ${fmt(calls)} calls, seed ${seed}: ` +
      `${fmt(events.length)} events (of ${fmt(day.events.length)}), built in ${fmt(performance.now() - t)} ms`,
  );

  let last: { state: DomainState; ms: number } | undefined;
  const medians: string[] = [];
  for (const mode of modeOption()) {
    const warm = run(mode, events.slice(0, WARM_UP_EVENTS), day.startAt);
    console.log(
      `[${mode}] warm-up: ${fmt(Math.min(WARM_UP_EVENTS, events.length))} events in ${fmt(warm.ms)} ms`,
    );
    const rates: number[] = [];
    for (let r = 1; r <= RUNS; r++) {
      last = undefined; // let the previous run's state go before the next one
      last = run(mode, events, day.startAt);
      const rate = events.length / (last.ms / 1000);
      rates.push(rate);
      console.log(
        `[${mode}] run ${r}: ${fmt(events.length)} events in ${fmt(last.ms)} ms = ${fmt(rate)} events/s`,
      );
    }
    const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
    medians.push(
      `${mode} ${fmt(median)} events/s (${median >= TARGET ? 'meets' : 'below'} the ${fmt(TARGET)} target)`,
    );
  }
  if (!last) return;
  const heap = process.memoryUsage().heapUsed;

  const s = last.state;
  const queues = [...s.queues.values()];
  const sum = { offered: 0, answered: 0, abandoned: 0, overflowed: 0, callbacks: 0, handled: 0 };
  for (const q of queues) {
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += q.today[k];
  }
  for (const line of medians) console.log(`median: ${line}`);
  console.log(`heap used after the run: ${mb(heap)}`);
  console.log(
    `final state: ${queues.length} queues, ${fmt(s.extensions.size)} extensions, ${fmt(s.visits.size)} visits, ` +
      `${fmt(s.calls.size)} calls`,
  );
  console.log(
    `sanity: offered ${fmt(sum.offered)} (callerQueued events ${fmt(queued)}), answered ${fmt(sum.answered)}, ` +
      `abandoned ${fmt(sum.abandoned)}, overflowed ${fmt(sum.overflowed)}, callbacks ${fmt(sum.callbacks)}, ` +
      `handled ${fmt(sum.handled)}`,
  );
}

main();
