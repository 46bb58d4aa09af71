/**
 * Live-link fan-out: PBX event → hub → socket → client latency with many connected viewers, beside a
 * plain `ws` broadcaster of the same patches as the floor, and the server's memory per connected client.
 * Targets (issue): p50 ≤ 50 ms, p99 ≤ 150 ms with 1,000 clients at 200 events/s against 50 queues ×
 * 100 agents; Callboard / plain ≤ 1.5; RSS ≤ 30 KB per client. Results go in docs/benchmarks.md.
 *
 *   npm run bench:fanout [-- --seconds 60] [-- --clients 1000] [-- --rate 200] [-- --seed 1]
 *                        [-- --decode seq|full]   (how clients read messages: see fanoutDecode.ts)
 *
 * The server (hub with its real 50 ms window, Socket.IO as server/index.ts wires it) runs in this
 * process; the clients run in a forked process (fanoutClients.ts). Everything is on 127.0.0.1. Two
 * phases, each with a fresh hub fed the same events: Callboard, then the plain `ws` floor.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { DomainEvent } from '../../lib/domain/events';
import { createHub } from '../../server/hub/hub';
import { eventLoopPace } from '../../server/hub/patchPace';
import { BENCH_SETTINGS, option } from './cli';
import type { DayRequest, DaySlices } from './fanoutDay';
import type { Decode } from './fanoutDecode';
import { type Phase, report } from './fanoutReport';
import {
  type Broadcaster,
  feed,
  machineCpu,
  memory,
  plainBroadcaster,
  socketIoBroadcaster,
  TOKEN,
} from './fanoutServer';
import { ask, clock, createAttribution, type Mode, sleep, type ToClients } from './fanoutShared';

const SECONDS = option('seconds', 60);
const CLIENTS = option('clients', 1000);
const RATE = option('rate', 200);
const SEED = option('seed', 1);
const DECODE = ((): Decode => {
  const v = process.argv[process.argv.indexOf('--decode') + 1];
  if (!process.argv.includes('--decode')) return 'seq';
  if (v !== 'seq' && v !== 'full') throw new Error('--decode is seq or full');
  return v;
})();
const CONNECT_BATCH = 50;
const DRAIN_MS = 30_000;

// Bounded: whatever happens, this process and its child are gone after this long.
const watchdog = setTimeout(
  () => {
    console.error('fan-out bench: watchdog expired, giving up');
    process.exit(2);
  },
  (2 * SECONDS + 240) * 1000,
);
watchdog.unref();

/** Child clock − ours, from the IPC round trip with the smallest delay. */
async function clockOffset(child: ChildProcess): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 20; i++) {
    const pong = await ask(child, { type: 'ping', t: clock() }, 'pong');
    const rtt = clock() - pong.t;
    if (rtt < best.rtt) best = { offset: pong.child - (pong.t + rtt / 2), rtt };
  }
  return best;
}

async function phase(
  mode: Mode,
  setup: readonly DomainEvent[],
  live: readonly DomainEvent[],
  startAt: number,
): Promise<Phase> {
  let pbxNow = startAt;
  const attribution = createAttribution();
  // The hub as in production (50 ms window, wider while the loop is saturated) on a PBX clock: the
  // synthetic day is 2026-03-10.
  const hub = createHub({
    settings: BENCH_SETTINGS,
    now: () => pbxNow,
    epoch: `bench-${mode}`,
    scheduler: attribution.scheduler,
    windowMs: eventLoopPace(),
  });
  pbxNow = setup[setup.length - 1]?.at ?? startAt;
  hub.ingest(setup);
  hub.flush(); // the 08:00 snapshots: published before anyone connects, not timed
  hub.onPatch((p) => attribution.patch(p.seq));
  const server: Broadcaster =
    mode === 'socketio' ? await socketIoBroadcaster(hub) : await plainBroadcaster(hub);
  hub.onPatch(() => attribution.sent());
  const child = fork(fileURLToPath(new URL('./fanoutClients.ts', import.meta.url)), [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
  });
  try {
    const offset = await clockOffset(child);
    const connect = (count: number, batch: number) =>
      ask(
        child,
        { type: 'connect', mode, decode: DECODE, url: server.url, token: TOKEN, count, batch },
        'connected',
      );
    // Warm-up: all clients connect (each pulls a snapshot) and leave, so that the connect-time
    // high-water mark of the heap and the allocator is behind us; then 0 clients vs all, idle.
    const cold = await memory();
    await connect(CLIENTS, CONNECT_BATCH);
    await ask(child, { type: 'disconnect' }, 'disconnected');
    const idle = await memory();
    const c = await connect(CLIENTS, CONNECT_BATCH);
    await sleep(2000);
    const full = await memory();
    console.log(
      `[${mode}] ${c.count} clients connected in ${(c.ms / 1000).toFixed(1)} s (${c.failed} failed); ` +
        `feeding ${live.length} events at ${RATE}/s`,
    );

    child.send({ type: 'mark' } satisfies ToClients);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpu = process.cpuUsage();
    const machine0 = machineCpu();
    const fed = await feed(
      hub,
      live,
      RATE,
      SECONDS * 1000 + 5000,
      (at) => attribution.ingested(at),
      (t) => {
        pbxNow = Math.max(pbxNow, t);
      },
    );
    // Drain: until every client has the last patch (bounded; what is still missing is reported).
    await sleep(200);
    const drainEnd = clock() + DRAIN_MS;
    while (clock() < drainEnd) {
      const p = await ask(child, { type: 'progress' }, 'progress');
      if (p.minSeq >= hub.stats().seq) break;
      await sleep(100);
    }
    const used = process.cpuUsage(cpu);
    const machine1 = machineCpu();
    loop.disable();
    const { report } = await ask(child, { type: 'report', ingestAt: [...attribution.ingestAt()] }, 'report');
    const stats = attribution.stats();
    return {
      mode,
      connected: c.count,
      failed: c.failed,
      connectMs: c.ms,
      clockOffset: offset.offset,
      cold,
      idle,
      full,
      fed,
      latency: report,
      server: stats,
      serverCpuMs: (used.user + used.system) / 1000,
      machineBusy:
        machine0 && machine1 ? (machine1.busy - machine0.busy) / (machine1.total - machine0.total) : null,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      bytesPerPatch: server.bytes.count > 0 ? server.bytes.sum / server.bytes.count : Number.NaN,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.connected) child.disconnect();
      await exited;
    }
    await server.close();
    hub.stop();
  }
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.warn('no --expose-gc: memory figures include garbage');
  const t = clock();
  const builder = fork(fileURLToPath(new URL('./fanoutDay.ts', import.meta.url)), [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
    serialization: 'advanced',
  });
  const day = await new Promise<DaySlices>((resolve) => {
    builder.once('message', (m) => resolve(m as DaySlices));
    builder.send({ seed: SEED, live: SECONDS * RATE } satisfies DayRequest);
  });
  const { setup, live } = day;
  const span = ((live[live.length - 1]?.at ?? 0) - (live[0]?.at ?? 0)) / 60_000;
  console.log(
    `synthetic day (seed ${SEED}, 50 queues × 100 agents, ${day.total} events): ${setup.length} set-up ` +
      `events, then ${live.length} live events (${span.toFixed(0)} PBX minutes from 08:01), ` +
      `built in ${(clock() - t).toFixed(0)} ms; clients decode: ${DECODE}`,
  );

  const cb = await phase('socketio', setup, live, day.startAt);
  const plain = await phase('ws', setup, live, day.startAt);

  report(cb, plain);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
