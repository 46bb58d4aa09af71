import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fmt, option } from './cli';
import { startSenders } from './sendersProcess';
import type { SendersRequest } from './webhooksSenders';

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

const request: SendersRequest = {
  url: `http://127.0.0.1:${port}`,
  token: 'unused',
  senders: SENDERS,
  warmupMs: 2000,
  measureMs: SECONDS * 1000,
  endedAt: Date.now() - 60_000,
};
const senders = startSenders(request);
await new Promise((r) => setTimeout(r, request.warmupMs));
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const report = await senders.report;
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
