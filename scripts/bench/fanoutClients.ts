/**
 * The fan-out benchmark's viewers, in their own process (forked by fanout.ts, driven over IPC), so
 * that receiving and parsing for 1,000 clients does not run on the server's event loop.
 *
 * Each client notes when each patch arrived, in its message handler, after the frame is decoded (and,
 * with --decode full, parsed: see fanoutDecode.ts). A client does not apply patches to a view: 1,000
 * copies of the board in one process would measure this process, not the server. At the end fanout.ts
 * sends the arrival time of the oldest event in each patch seq and gets the latency percentiles back.
 */
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { type Decode, type Head, plainHead, socketIoParser } from './fanoutDecode';
import { clock, type FromClients, type LatencyReport, sleep, type ToClients } from './fanoutShared';

interface Client {
  last: number;
  alive: boolean;
  close(): void;
}

const clients: Client[] = [];
/** seq → receipt times, one per client that got it. */
const receipts = new Map<number, number[]>();
let gaps = 0;
let disconnects: Record<string, number> = {};
let closing = false;
let cpuMark = process.cpuUsage();
let wallMark = clock();

function send(m: FromClients): void {
  process.send?.(m);
}

function received(c: Client, seq: number, at: number, isPatch: boolean): void {
  if (isPatch) {
    let list = receipts.get(seq);
    if (!list) {
      list = [];
      receipts.set(seq, list);
    }
    list.push(at);
    if (c.last >= 0 && seq !== c.last + 1) gaps += 1;
  }
  c.last = seq;
}

/** One Socket.IO viewer as the browser connects: the namespace, the token, websocket transport. */
function socketIoClient(url: string, token: string, decode: Decode): Promise<Client | null> {
  return new Promise((resolve) => {
    const socket: Socket = connect(`${url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
      parser: socketIoParser(decode),
    });
    const c: Client = { last: -1, alive: true, close: () => socket.close() };
    socket.on(EVENTS.server, (m: Head) => {
      const at = clock();
      received(c, m.seq, at, m.type === 'patch');
      if (m.type === 'snapshot') resolve(c); // connected = has its snapshot, as a board would
    });
    socket.on('connect_error', () => resolve(null));
    socket.on('disconnect', (reason) => {
      c.alive = false;
      if (!closing) disconnects[reason] = (disconnects[reason] ?? 0) + 1;
    });
  });
}

/** One plain `ws` client. */
function plainClient(url: string, decode: Decode): Promise<Client | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const c: Client = { last: -1, alive: true, close: () => ws.close() };
    ws.on('message', (data) => {
      const m = plainHead(data as Buffer, decode);
      received(c, m.seq, clock(), m.type === 'patch');
    });
    ws.on('open', () => resolve(c));
    ws.on('error', () => resolve(null));
    ws.on('close', (code) => {
      c.alive = false;
      if (!closing) disconnects[`close ${code}`] = (disconnects[`close ${code}`] ?? 0) + 1;
    });
  });
}

async function connectAll(m: Extract<ToClients, { type: 'connect' }>): Promise<void> {
  const t = clock();
  let failed = 0;
  closing = false;
  // In batches: each Socket.IO client gets a ~1 MB snapshot on connect.
  for (let i = 0; i < m.count; i += m.batch) {
    const n = Math.min(m.batch, m.count - i);
    const batch = await Promise.all(
      Array.from({ length: n }, () =>
        m.mode === 'socketio' ? socketIoClient(m.url, m.token, m.decode) : plainClient(m.url, m.decode),
      ),
    );
    for (const c of batch) {
      if (c) clients.push(c);
      else failed += 1;
    }
  }
  send({ type: 'connected', count: clients.length, failed, ms: clock() - t });
}

function report(ingestAt: Map<number, number>): LatencyReport {
  let n = 0;
  for (const list of receipts.values()) n += list.length;
  const lat = new Float64Array(n);
  let i = 0;
  let sum = 0;
  for (const [seq, list] of receipts) {
    const t0 = ingestAt.get(seq);
    if (t0 === undefined) continue;
    for (const at of list) {
      lat[i++] = at - t0;
      sum += at - t0;
    }
  }
  const sorted = lat.subarray(0, i).sort();
  const expected = ingestAt.size * clients.length;
  // Ranks over every expected receipt: one never received is later than any that was.
  const rank = (p: number): number | null => {
    const k = Math.min(expected - 1, Math.floor(p * expected));
    return k < sorted.length ? (sorted[k] ?? null) : null;
  };
  const cpu = process.cpuUsage(cpuMark);
  return {
    samples: i,
    missing: expected - i,
    gaps,
    disconnects,
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
    p999: rank(0.999),
    max: rank(1),
    mean: i > 0 ? sum / i : Number.NaN,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: clock() - wallMark,
  };
}

process.on('message', (m: ToClients) => {
  if (m.type === 'connect') void connectAll(m);
  else if (m.type === 'ping') send({ type: 'pong', t: m.t, child: clock() });
  else if (m.type === 'mark') {
    receipts.clear();
    gaps = 0;
    disconnects = {};
    cpuMark = process.cpuUsage();
    wallMark = clock();
  } else if (m.type === 'progress') {
    let minSeq = Number.POSITIVE_INFINITY;
    let count = 0;
    // A client that was dropped will not catch up: its missing receipts are reported as missing.
    for (const c of clients) if (c.alive) minSeq = Math.min(minSeq, c.last);
    for (const list of receipts.values()) count += list.length;
    send({
      type: 'progress',
      minSeq: Number.isFinite(minSeq) ? minSeq : Number.MAX_SAFE_INTEGER,
      received: count,
    });
  } else if (m.type === 'report') send({ type: 'report', report: report(new Map(m.ingestAt)) });
  else if (m.type === 'disconnect') {
    closing = true;
    for (const c of clients.splice(0)) c.close();
    receipts.clear();
    void sleep(200).then(() => send({ type: 'disconnected' }));
  }
});
// The parent owns this process: when it goes, so do we.
process.on('disconnect', () => process.exit(0));
