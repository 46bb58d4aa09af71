/**
 * The webhook benchmark's senders, in their own process (forked by webhooks.ts), so that building and
 * sending requests does not run on the server's event loop. N concurrent loops, each posting a
 * distinct PortSIP call_cdr as soon as its previous one was answered, over keep-alive connections (a
 * PBX keeps its connection to the Event URL open; a new TCP connection per webhook would measure
 * connection set-up). Latency = request written → response fully read, on this process's clock.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { portsipCdrBody } from '../../server/testing/portsipCdr';

export interface SendersRequest {
  readonly url: string;
  readonly token: string;
  readonly senders: number;
  /** Warm-up first (JIT, connection set-up, SQLite cache): not counted. */
  readonly warmupMs: number;
  readonly measureMs: number;
  /** When every call ends, ms: the same for all bodies, so only ids differ. */
  readonly endedAt: number;
}

export interface SendersReport {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly statuses: Record<string, number>;
  readonly errors: number;
  /** This process's CPU over the measured span, % of one core. */
  readonly cpu: number;
}

/**
 * Bodies from one template: `portsipCdrBody` runs three regular expressions per call, which would
 * cost this process more than the server spends on a request. Checked against it at start-up.
 */
function bodyMaker(endedAt: number): (n: number) => string {
  const MARK = 987_654_321;
  const base = portsipCdrBody(MARK, endedAt);
  const sessionOf = (n: number) => String(7_000_000_000_000_000n + BigInt(n));
  // portsipCdrBody replaces the first occurrence of each id (the call id comes first).
  const call = base.indexOf(`crash-test-call-${MARK}`);
  const session = base.indexOf(sessionOf(MARK));
  if (call < 0 || session < call) throw new Error('body template: ids not where expected');
  const a = base.slice(0, call);
  const b = base.slice(call + `crash-test-call-${MARK}`.length, session);
  const c = base.slice(session + sessionOf(MARK).length);
  const make = (n: number) => `${a}crash-test-call-${n}${b}${sessionOf(n)}${c}`;
  for (const n of [0, 1, 123_456]) {
    if (make(n) !== portsipCdrBody(n, endedAt)) throw new Error('body template differs from portsipCdrBody');
  }
  return make;
}

function post(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(o: SendersRequest): Promise<SendersReport> {
  const make = bodyMaker(o.endedAt);
  const url = new URL('/api/webhooks/portsip', o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.senders });
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' };
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const until = measureFrom + o.measureMs;
  let cpu0 = process.cpuUsage();
  let cpuMarked = false;
  const markCpu = setTimeout(() => {
    cpu0 = process.cpuUsage();
    cpuMarked = true;
  }, o.warmupMs);

  const sender = async () => {
    while (performance.now() < until) {
      const body = make(next++);
      const start = performance.now();
      try {
        const { status } = await post(agent, url, headers, body);
        if (start >= measureFrom) {
          latencies.push(performance.now() - start);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      } catch {
        if (start >= measureFrom) errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.senders }, sender));
  clearTimeout(markCpu);
  const used = process.cpuUsage(cpuMarked ? cpu0 : undefined);
  // Requests started in the measured span; the last ones finish just after it.
  const seconds = (performance.now() - measureFrom) / 1000;
  agent.destroy();
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    p50: pct(0.5),
    p90: pct(0.9),
    p99: pct(0.99),
    max: latencies[latencies.length - 1] ?? 0,
    statuses,
    errors,
    cpu: (100 * (used.user + used.system)) / 1000 / (seconds * 1000),
  };
}

process.once('message', (m: SendersRequest) => {
  void run(m).then((report) => process.send?.(report, () => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));
