/**
 * Durable webhook ingest: requests/s and ack latency with 50 concurrent senders while Socket.IO
 * clients are connected to the board. Every request is a distinct PortSIP call_cdr, journaled
 * (synchronous=full by default) before its 200.
 *
 *   npm run bench:webhooks [-- --seconds 20] [-- --senders 50] [-- --clients 1000] [-- --sync full|normal]
 *
 * Server, senders and socket clients share this process and the machine's cores: the figures are a
 * floor, not what a dedicated server does.
 */

import { io as connect, type Socket } from 'socket.io-client';
import { WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { API_TOKEN, startTestCallboard, WEBHOOK_TOKEN } from '../../server/testing/callboard';
import { portsipCdrBody } from '../../server/testing/portsipCdr';
import { choice, option } from './cli';

const SECONDS = option('seconds', 20);
const SENDERS = option('senders', 50);
const CLIENTS = option('clients', 1000);
const SYNC = choice('sync', ['full', 'normal']);

const app = await startTestCallboard({ env: { JOURNAL_SYNC: SYNC } });
const sockets: Socket[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const s = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
    auth: { token: API_TOKEN },
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(s);
  if (i % 100 === 99) await new Promise((r) => setTimeout(r, 50));
}
await Promise.all(
  sockets.map((s) => (s.connected ? null : new Promise<void>((r) => s.once('connect', () => r())))),
);
let received = 0;
for (const s of sockets) s.on('message', () => received++);

const latencies: number[] = [];
const statuses = new Map<number, number>();
let next = 0;
const until = performance.now() + SECONDS * 1000;
const endedAt = Date.now() - 60_000;
const sender = async () => {
  while (performance.now() < until) {
    const n = next++;
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/webhooks/portsip`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
      body: portsipCdrBody(n, endedAt),
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
};
const started = performance.now();
await Promise.all(Array.from({ length: SENDERS }, sender));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;

console.log(
  `\n| durable webhook ingest (${SENDERS} senders, ${CLIENTS} socket clients, synchronous=${SYNC}) | value | target |`,
);
console.log('|---|---|---|');
console.log(`| requests/s | ${(latencies.length / elapsed).toFixed(0)} | ≥ 5,000 |`);
console.log(`| ack p50 | ${pct(50).toFixed(1)} ms | |`);
console.log(`| ack p99 | ${pct(99).toFixed(1)} ms | ≤ 50 ms |`);
console.log(`| statuses | ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} | all 200 |`);
console.log(`| journal commits | ${app.storage.stats().commits} for ${latencies.length} requests | |`);
console.log(`| socket messages received | ${received} | |`);

for (const s of sockets) s.close();
await app.close({ remove: true });
process.exit(0);
