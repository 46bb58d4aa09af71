/**
 * The ceiling under bench:webhooks on this machine: the same senders (webhooksSenders.ts, forked, 50
 * keep-alive connections, the same PortSIP CDR bodies) against a bare `node:http` server that reads
 * and parses each body and replies as Callboard does, with nothing else: no auth, journal, reduce or
 * viewers. What it reaches is what Node's HTTP and the load generator allow here; the gap to
 * bench:webhooks is Callboard's own work per request.
 *
 *   npm run bench:http-ceiling [-- --seconds 10] [-- --senders 50]
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmt, option } from './cli';
import type { SendersReport, SendersRequest } from './webhooksSenders';

const SECONDS = option('seconds', 10);
const SENDERS = option('senders', 50);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"accepted":4,"duplicate":false}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const senders = fork(fileURLToPath(new URL('./webhooksSenders.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
});
const done = new Promise<SendersReport>((resolve, reject) => {
  senders.once('message', (m) => resolve(m as SendersReport));
  senders.once('exit', (code) => reject(new Error(`senders exited (${code}) without a report`)));
});
const request: SendersRequest = {
  url: `http://127.0.0.1:${port}`,
  token: 'unused',
  senders: SENDERS,
  warmupMs: 2000,
  measureMs: SECONDS * 1000,
  endedAt: Date.now() - 60_000,
};
senders.send(request);
await new Promise((r) => setTimeout(r, request.warmupMs));
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const report = await done;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);

console.log(`\n| bare node:http, ${SENDERS} senders, ${SECONDS} s | value |`);
console.log('|---|---|');
console.log(`| requests/s | ${fmt(report.requests / report.seconds)} |`);
console.log(`| ack p50 · p99 | ${report.p50.toFixed(1)} · ${report.p99.toFixed(1)} ms |`);
console.log(`| server CPU per request | ${fmt((cpu.user + cpu.system) / Math.max(1, report.requests))} µs |`);
console.log(`| server event loop busy | ${Math.round(100 * elu.utilization)} % |`);
console.log(`| senders' CPU | ${Math.round(report.cpu)} % of a core |`);
senders.kill();
server.close();
process.exit(0);
