/**
 * Durable webhook ingest: requests/s and ack latency with 50 concurrent senders while 1,000 Socket.IO
 * clients are connected to the board. Every request is a distinct PortSIP call_cdr, journaled before
 * its 200 (JOURNAL_SYNC=full by default). Target (issue #4): ≥ 5,000 req/s, ack p99 ≤ 50 ms.
 *
 *   npm run bench:webhooks [-- --seconds 20] [-- --warmup 3] [-- --senders 50] [-- --clients 1000]
 *                          [-- --sync full|normal]
 *
 * Three processes: this one runs the server (the real Callboard routes, storage, hub and Socket.IO as
 * startCallboard wires them, minus Next.js); the senders (webhooksSenders.ts, keep-alive HTTP) and the
 * socket clients (fanoutClients.ts, as the fan-out bench) are forked. Latency is measured by the senders.
 * Profile the server with `node --cpu-prof --max-semi-space-size=64 --import tsx scripts/bench/webhooks.ts`
 * (the children are started without it) and `node scripts/bench/profileSummary.ts <file>`.
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { API_TOKEN, startTestCallboard, WEBHOOK_TOKEN } from '../../server/testing/callboard';
import { choice, fmt, option } from './cli';
import { machineCpu } from './fanoutServer';
import { ask, clock, type ToClients } from './fanoutShared';
import { startSenders } from './sendersProcess';
import type { SendersRequest } from './webhooksSenders';

const SECONDS = option('seconds', 20);
const WARMUP = option('warmup', 3, 0);
const SENDERS = option('senders', 50);
const CLIENTS = option('clients', 1000, 0);
const SYNC = choice('sync', ['full', 'normal']);

const watchdog = setTimeout(
  () => {
    console.error('webhook bench: watchdog expired, giving up');
    process.exit(2);
  },
  (SECONDS + WARMUP + 180) * 1000,
);
watchdog.unref();

// Children run without this process's flags (--cpu-prof must profile the server only).
const child = (file: string) =>
  fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
  });

const app = await startTestCallboard({ env: { JOURNAL_SYNC: SYNC } });
// A PortSIP CDR never says which target is a queue: name the seed's queue 8000 (tenant of seed 000),
// as an admin's configuration would, so every call changes its figures and the 1,000 viewers get patches.
const SEED_TENANT = '690833127458734080';
app.hub.ingest([
  {
    type: 'queueCreated',
    source: 'config',
    origin: 'portsip-wsi',
    tenant: SEED_TENANT,
    at: Date.now(),
    queue: { tenant: SEED_TENANT, number: '8000' },
    name: 'Bench queue',
  },
]);
const clients = child('./fanoutClients.ts');
const c = await ask(
  clients,
  {
    type: 'connect',
    mode: 'socketio',
    decode: 'seq',
    url: app.url,
    token: API_TOKEN,
    count: CLIENTS,
    batch: 50,
  },
  'connected',
);
console.log(`${c.count} socket clients connected in ${(c.ms / 1000).toFixed(1)} s (${c.failed} failed)`);

const request: SendersRequest = {
  url: app.url,
  token: WEBHOOK_TOKEN,
  senders: SENDERS,
  warmupMs: WARMUP * 1000,
  measureMs: SECONDS * 1000,
  endedAt: Date.now() - 60_000,
};
const senders = startSenders(request);

// Server-side readings over the measured span only (after the warm-up).
await new Promise((r) => setTimeout(r, WARMUP * 1000));
clients.send({ type: 'mark' } satisfies ToClients);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const machine0 = machineCpu();
const journal0 = app.storage.stats();
const t0 = clock();
const report = await senders.report;
const wall = clock() - t0;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const machine1 = machineCpu();
const journal1 = app.storage.stats();
loop.disable();
const progress = await ask(clients, { type: 'progress' }, 'progress');
const viewers = (await ask(clients, { type: 'report', ingestAt: [] }, 'report')).report;

const commits = journal1.commits - journal0.commits;
const entries = journal1.entries - journal0.entries;
const rate = report.requests / report.seconds;
const busy =
  machine0 && machine1
    ? `${Math.round((100 * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total))}%`
    : '–';
const ok = (b: boolean) => (b ? 'met' : 'NOT met');
console.log(
  `\n| durable webhook ingest (${SENDERS} senders, ${c.count} socket clients, JOURNAL_SYNC=${SYNC}, ${SECONDS} s after ${WARMUP} s warm-up) | value | target |`,
);
console.log('|---|---|---|');
console.log(`| requests/s | ${fmt(rate)} | ≥ 5,000: ${ok(rate >= 5000)} |`);
console.log(`| ack p50 · p90 | ${report.p50.toFixed(1)} · ${report.p90.toFixed(1)} ms | |`);
console.log(`| ack p99 | ${report.p99.toFixed(1)} ms | ≤ 50 ms: ${ok(report.p99 <= 50)} |`);
console.log(`| ack max | ${report.max.toFixed(1)} ms | |`);
console.log(
  `| statuses | ${Object.entries(report.statuses)
    .map(([s, n]) => `${fmt(n)} × ${s}`)
    .join(', ')}${report.errors ? `, ${report.errors} errors` : ''} | all 200 |`,
);
console.log(
  `| journal commits | ${fmt(commits)} for ${fmt(entries)} entries (${(entries / Math.max(1, commits)).toFixed(1)} per commit, largest ${journal1.largestBatch}) | |`,
);
console.log(
  `| server event-loop delay p99 · max | ${(loop.percentile(99) / 1e6).toFixed(1)} · ${(loop.max / 1e6).toFixed(1)} ms | |`,
);
console.log(
  `| CPU: server · senders · clients · machine | ${Math.round((100 * (cpu.user + cpu.system)) / 1000 / wall)}% · ${Math.round(report.cpu)}% · ${Math.round((100 * viewers.cpuMs) / viewers.wallMs)}% · ${busy} | |`,
);
console.log(
  `| server CPU per request, all threads | ${fmt((cpu.user + cpu.system) / Math.max(1, report.requests))} µs | |`,
);
// The main thread (HTTP, reduce, fan-out) is the one that cannot be spread: its busy time per
// request bounds what one process can take, whatever the journal thread does.
const mainUs = (1000 * elu.active) / Math.max(1, report.requests);
console.log(
  `| main thread: busy · per request | ${Math.round(100 * elu.utilization)}% · ${fmt(mainUs)} µs (so at most ${fmt(1e6 / Math.max(1, mainUs))} req/s) | |`,
);
console.log(`| socket messages received (all clients) | ${fmt(progress.received)} | |`);

senders.kill();
clients.disconnect();
await app.close({ remove: true });
process.exit(0);
