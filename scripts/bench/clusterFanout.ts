import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClientsReport, FromClients, ToClients } from './clusterClients';
import type { Instance } from './clusterProcesses';
import { machineCpu } from './fanoutServer';
import { clock, percentile, sleep } from './fanoutShared';

/**
 * `bench:cluster` part 3: viewers per instance at `bench:fanout`'s targets (1,000 viewers, 200 events/s,
 * p50 ≤ 50 ms and p99 ≤ 150 ms), with viewers on 1, 2 and 3 of the instances. The events are call CDR
 * webhooks spread over the instances that have viewers; a delay is POST sent → the viewer's board
 * showing the call, so it includes the journal's round trip (commit → NOTIFY → tail read).
 */
const CLIENTS = fileURLToPath(new URL('./clusterClients.ts', import.meta.url));

export interface FanoutOptions {
  readonly perInstance: number;
  readonly rate: number;
  readonly seconds: number;
  readonly token: string;
  readonly linkId: string;
  readonly post: (url: string) => Promise<number>;
  /** The PostgreSQL server's port: its processes' CPU is read from /proc. */
  readonly pgPort: number;
}

/** CPU time of a process so far (user + system), ms, from /proc; NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  } catch {
    return Number.NaN;
  }
}

/** CPU so far of the postmaster listening on `port` and its live children (backends, WAL writer…), ms. */
function postgresCpuMs(port: number): number {
  try {
    const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const cmd = (pid: string) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const master = procs.find((pid) => {
      try {
        const args = cmd(pid);
        return (args[0] ?? '').endsWith('/postgres') && args[args.indexOf('-p') + 1] === String(port);
      } catch {
        return false;
      }
    });
    if (!master) return Number.NaN;
    let sum = processCpuMs(Number(master));
    for (const pid of procs) {
      try {
        const ppid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
        if (ppid === master) sum += processCpuMs(Number(pid));
      } catch {}
    }
    return sum;
  } catch {
    return Number.NaN;
  }
}

export async function fanout(instances: readonly Instance[], o: FanoutOptions): Promise<void> {
  const child = fork(CLIENTS, [], { execArgv: ['--max-semi-space-size=64', '--import', 'tsx'] });
  const ask = <T extends FromClients['type']>(m: ToClients, reply: T) =>
    new Promise<Extract<FromClients, { type: T }>>((resolve) => {
      const on = (r: FromClients) => {
        if (r.type !== reply) return;
        child.off('message', on);
        resolve(r as Extract<FromClients, { type: T }>);
      };
      child.on('message', on);
      child.send(m);
    });
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : 'never');
  console.log(
    `\n3. Fan-out: ${o.perInstance} viewers on each of 1, 2, 3 instances, ${o.rate} call CDR webhooks/s spread over them, ${o.seconds} s each (${instances.length} instances running throughout)`,
  );
  try {
    for (let k = 1; k <= instances.length; k++) {
      const used = instances.slice(0, k);
      const connected = await ask(
        {
          type: 'connect',
          urls: used.map((i) => i.url),
          perUrl: o.perInstance,
          token: o.token,
          linkId: o.linkId,
        },
        'connected',
      );
      await sleep(2000);
      await ask({ type: 'mark' }, 'marked');
      const machine0 = machineCpu();
      const inst0 = instances.map((i) => processCpuMs(i.child.pid));
      const clients0 = processCpuMs(child.pid);
      const pg0 = postgresCpuMs(o.pgPort);
      const t0 = clock();
      const sentAt: number[] = [];
      const acks: Promise<number>[] = [];
      const ackMs: number[] = [];
      const count = o.rate * o.seconds;
      for (let i = 0; i < count; i++) {
        const due = t0 + (i * 1000) / o.rate;
        while (clock() < due) await sleep(Math.max(0, Math.min(2, due - clock())));
        const t = clock();
        sentAt.push(t);
        acks.push(
          o.post((used[i % k] as Instance).url).then((s) => {
            ackMs.push(clock() - t);
            return s;
          }),
        );
      }
      const statuses = await Promise.all(acks);
      await sleep(3000); // drain
      const wall = clock() - t0;
      const machine1 = machineCpu();
      const inst = instances.map((i, n) => ((processCpuMs(i.child.pid) - (inst0[n] ?? 0)) / wall) * 100);
      const clientsCpu = ((processCpuMs(child.pid) - clients0) / wall) * 100;
      const pgCpu = ((postgresCpuMs(o.pgPort) - pg0) / wall) * 100;
      const { report: r } = await ask({ type: 'report', sentAt }, 'report');
      ackMs.sort((a, b) => a - b);
      const busy =
        machine0 && machine1
          ? ((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 200
          : Number.NaN;
      console.log(
        `   viewers on ${k} (${connected.viewers} connected, ${connected.failed} failed): ${receipts(r, ms)}; ` +
          `webhooks ${statuses.filter((s) => s === 200).length}/${count} acked, ack p50 ${ms(percentile(ackMs, 0.5))} p99 ${ms(percentile(ackMs, 0.99))}; ` +
          `CPU (% of one core, over ${(wall / 1000).toFixed(0)} s incl. drain) machine ${busy.toFixed(0)} of 200, instances ${inst.map((c) => c.toFixed(0)).join(' + ')}, PostgreSQL ${pgCpu.toFixed(0)}, viewers' process ${clientsCpu.toFixed(0)}`,
      );
      await ask({ type: 'close' }, 'closed');
      await sleep(1000);
    }
  } finally {
    child.kill();
  }
}

const receipts = (r: ClientsReport, ms: (n: number) => string) =>
  `p50 ${ms(r.p50)} p99 ${ms(r.p99)} max ${ms(r.max)} over ${r.samples} receipts (${r.missing} missing)`;
