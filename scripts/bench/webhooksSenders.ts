/**
 * The webhook benchmark's senders, in their own process (forked by webhooks.ts), so that building and
 * sending requests does not run on the server's event loop. autocannon keeps N connections open (a
 * PBX keeps its connection to the Event URL open; a new TCP connection per webhook would measure
 * connection set-up), each posting a distinct PortSIP call_cdr as soon as its previous one was
 * answered. Latency = request written → response fully read, on this process's clock (autocannon's
 * per-response time, collected here so percentiles are exact, not histogram buckets).
 *
 * autocannon, not `node:http`: it builds requests as buffers and parses replies with a lean parser,
 * so the load generator, which shares this machine's two cores with the server, takes less of them
 * (about a third of what the node:http loop took; docs/benchmarks.md).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
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

/** One autocannon run: every response's status and latency (ms, from its request's first byte written). */
async function blast(
  o: SendersRequest,
  make: () => string,
  seconds: number,
  onResponse: (status: number, ms: number) => void,
): Promise<{ errors: number }> {
  const url = new URL(o.url);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections: o.senders,
        pipelining: 1,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/webhooks/portsip',
            headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: make() }),
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  });
  return { errors: result.errors };
}

async function run(o: SendersRequest): Promise<SendersReport> {
  const bodyOf = bodyMaker(o.endedAt);
  let next = 0;
  const make = () => bodyOf(next++);
  if (o.warmupMs > 0) await blast(o, make, o.warmupMs / 1000, () => {});
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { errors } = await blast(o, make, o.measureMs / 1000, (status, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
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
