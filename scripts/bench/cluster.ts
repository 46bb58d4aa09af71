import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeWsiServer } from '../../server/pbx/testing/fakeWsiServer';
import { ENV_PBX_ID } from '../../server/settings/seed';
import {
  freshDatabase,
  startEmbeddedPostgres,
} from '../../server/storage/postgres/testing/throwawayPostgres';
import { portsipCdrBody } from '../../server/testing/portsipCdr';
import { choice, option } from './cli';
import { fanout } from './clusterFanout';
import { API_TOKEN, type Instance, startInstance, until, WEBHOOK_TOKEN } from './clusterProcesses';
import { type ClusterViewer, clusterViewer } from './clusterViewer';
import { clock, percentile, sleep } from './fanoutShared';

/**
 * `npm run bench:cluster` (issue #19): Callboard instances as real processes (clusterInstance.ts) on
 * one embedded PostgreSQL (DATABASE_URL) and one shared DATA_DIR, the fake PortSIP WSI server as the
 * PBX of a link every instance has, all on this machine.
 *
 * 1. Replication delay: call CDR webhooks POSTed to instance A at a steady pace → the patch carrying
 *    each on a viewer of A and on a viewer of C (the board's "offered today" count reaching n); beside
 *    it, in alternating rounds, one instance without DATABASE_URL (SQLite, its own DATA_DIR): webhook
 *    to it → patch on its viewer, the A/B baseline.
 * 2. Failover: the link's owner SIGKILLed → the PBX sees the new owner subscribed, and a viewer of the
 *    new owner shows the link connected there; the killed instance is started again (a new
 *    INSTANCE_ID) before the next kill.
 *
 * 3. Fan-out: --viewers per instance on 1, 2 and 3 instances, --rate webhooks/s (clusterFanout.ts).
 *
 *   npm run bench:cluster [-- --part all|replication|fanout|failover] [-- --events 300] [-- --pace 20]
 *                         [-- --rounds 3] [-- --kills 10] [-- --viewers 1000] [-- --rate 200]
 *                         [-- --fanout-seconds 20] [-- --pg-fsync on|off]
 */
const EVENTS = option('events', 300);
const PACE = option('pace', 20);
const ROUNDS = option('rounds', 3);
const KILLS = option('kills', 10, 0);
const VIEWERS = option('viewers', 1000);
const RATE = option('rate', 200);
const FANOUT_S = option('fanout-seconds', 20);
const FSYNC = choice('pg-fsync', ['on', 'off']);
const PART = choice('part', ['all', 'replication', 'fanout', 'failover']);
const runs = (part: typeof PART) => PART === 'all' || PART === part;

const temps: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `callboard-bench-cluster-${name}-`));
  temps.push(d);
  return d;
};

let nextCall = 1;
/** One distinct PortSIP call CDR to `url`; resolves with its status. */
function postCdr(url: string): Promise<number> {
  const n = nextCall++;
  return fetch(`${url}/api/webhooks/portsip`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
    body: portsipCdrBody(n, Date.now() - 2000),
  }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
    () => 0, // no answer (a reset connection): counted as not acknowledged
  );
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'never');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** `count` webhooks to `to` at PACE/s; each viewer's delay from the POST to the patch carrying it. */
async function round(to: string, viewers: readonly ClusterViewer[], count: number) {
  const base = viewers.map((v) => v.offered());
  const sentAt: number[] = [];
  const acks: Promise<number>[] = [];
  const ackMs: number[] = [];
  const start = clock();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / PACE;
    while (clock() < due) await sleep(Math.max(0, Math.min(5, due - clock())));
    const t = clock();
    sentAt.push(t);
    acks.push(
      postCdr(to).then((s) => {
        ackMs.push(clock() - t);
        return s;
      }),
    );
  }
  const statuses = await Promise.all(acks);
  const bad = statuses.filter((s) => s !== 200).length;
  await until(
    () => viewers.every((v, k) => v.offered() >= (base[k] ?? 0) + count - bad),
    15_000,
    'every viewer showing every call',
  ).catch(() => 0);
  const delays = viewers.map((v, k) =>
    sentAt.map((t, i) => (v.offeredAt.get((base[k] ?? 0) + i + 1) ?? Number.POSITIVE_INFINITY) - t),
  );
  return { delays, ackMs, bad };
}

function line(label: string, xs: number[]) {
  const s = sorted(xs);
  return `${label}: n=${s.length} p50 ${ms(percentile(s, 0.5))} p90 ${ms(percentile(s, 0.9))} p99 ${ms(percentile(s, 0.99))} max ${ms(s[s.length - 1] ?? Number.NaN)}`;
}

async function main(): Promise<void> {
  console.log(
    `cluster bench: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  // fsync on, as a production database (and as SQLite's JOURNAL_SYNC=full beside it); `--pg-fsync off`
  // takes the disk out of the way, to see what the instances themselves do.
  const pg = await startEmbeddedPostgres({ durable: FSYNC === 'on' });
  const db = await freshDatabase(pg.url);
  // The tenant and queue of the CDR bodies (portsipCdr.ts): the link makes the queue a board shows, the
  // webhooks' calls count in its "offered today".
  const pbx = await startFakeWsiServer({
    password: 'secret',
    tenant: '690833127458734080',
    queues: { '8000': ['101', '102', '103'] },
  });
  const shared = tempDir('shared');
  const clusterEnv = {
    DATABASE_URL: db.url,
    DATA_DIR: shared,
    PORTSIP_WSI_URL: pbx.url,
    PORTSIP_USERNAME: 'admin',
    PORTSIP_PASSWORD: 'secret',
    PORTSIP_QUEUES: '8000',
  };
  const instances: Instance[] = [];
  const cleanup = async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await pbx.close();
    await db.drop().catch(() => {});
    await pg.stop();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  };
  // Interrupted: the instances, the PBX and PostgreSQL go too (no orphaned server, no temp dirs left).
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    // One after another: the first seeds the shared settings (SQLite under DATA_DIR).
    for (const id of ['a', 'b', 'c']) instances.push(await startInstance(`bench-${id}`, clusterEnv));
    console.log(
      `PostgreSQL ${pg.origin} (start ${pg.startupMs} ms); instances ${instances.map((i) => `${i.id} ${i.url}`).join(', ')}`,
    );
    if (runs('replication')) {
      const single = await startInstance('bench-single', {
        ...clusterEnv,
        DATABASE_URL: '',
        DATA_DIR: tempDir('single'),
      });
      await replication(instances as [Instance, Instance, Instance], single).finally(() => single.kill());
    }
    if (runs('fanout'))
      await fanout(instances, {
        perInstance: VIEWERS,
        rate: RATE,
        seconds: FANOUT_S,
        token: API_TOKEN,
        linkId: ENV_PBX_ID,
        post: postCdr,
        pgPort: Number(new URL(pg.url).port),
      });
    // 2. Failover.
    if (runs('failover') && KILLS > 0) await failover(instances, clusterEnv, pbx, KILLS);
    console.log(
      `\nload average at the end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await cleanup();
  }
}

/** Part 1: webhooks to A → viewers of A and C; in alternating rounds, the SQLite `single` → its viewer. */
async function replication([a, , c]: readonly [Instance, Instance, Instance], single: Instance) {
  // 1. Replication delay, alternating rounds.
  const viewA = await clusterViewer(a.url, API_TOKEN, ENV_PBX_ID);
  const viewC = await clusterViewer(c.url, API_TOKEN, ENV_PBX_ID);
  const viewSingle = await clusterViewer(single.url, API_TOKEN, ENV_PBX_ID);
  await round(a.url, [viewA, viewC], 20); // warm-up: JIT, connections, the tail's first reads
  await round(single.url, [viewSingle], 20);
  const per = Math.ceil(EVENTS / ROUNDS);
  const acc = {
    aa: [] as number[],
    ac: [] as number[],
    single: [] as number[],
    ackCluster: [] as number[],
    ackSingle: [] as number[],
  };
  let refused = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const one = await round(single.url, [viewSingle], per);
    acc.single.push(...(one.delays[0] ?? []));
    acc.ackSingle.push(...one.ackMs);
    const cl = await round(a.url, [viewA, viewC], per);
    acc.aa.push(...(cl.delays[0] ?? []));
    acc.ac.push(...(cl.delays[1] ?? []));
    acc.ackCluster.push(...cl.ackMs);
    refused += one.bad + cl.bad;
  }
  console.log(
    `\n1. Replication delay, ${per} call CDRs × ${ROUNDS} rounds at ${PACE}/s (webhook POST sent → patch showing the call)`,
  );
  console.log(`   ${line('single instance, SQLite (webhook to A → viewer of A)', acc.single)}`);
  console.log(`   ${line('cluster, PostgreSQL     (webhook to A → viewer of A)', acc.aa)}`);
  console.log(`   ${line('cluster, PostgreSQL     (webhook to A → viewer of C)', acc.ac)}`);
  console.log(`   ${line('webhook ack, SQLite', acc.ackSingle)}`);
  console.log(`   ${line('webhook ack, PostgreSQL', acc.ackCluster)}`);
  if (refused > 0) console.log(`   ${refused} webhooks not answered 200`);
  for (const v of [viewA, viewC, viewSingle]) v.close();
}

type Pbx = Awaited<ReturnType<typeof startFakeWsiServer>>;

async function failover(instances: Instance[], env: Record<string, string>, pbx: Pbx, kills: number) {
  const viewers = new Map<string, ClusterViewer>();
  for (const i of instances) viewers.set(i.id, await clusterViewer(i.url, API_TOKEN, ENV_PBX_ID));
  const ownerNow = () => {
    for (const [id, v] of viewers) {
      const last = v.linkChanges[v.linkChanges.length - 1];
      if (last?.here && last.status === 'connected') return id;
    }
    return null;
  };
  await until(() => ownerNow() !== null, 30_000, 'a link owner');
  const toSubscribe: number[] = [];
  const toViewer: number[] = [];
  const toOthers: number[] = [];
  let generation = 0;
  console.log(`\n2. Failover: SIGKILL of the link's owner, ${kills} times`);
  for (let k = 0; k < kills; k++) {
    const owner = ownerNow();
    const victim = instances.find((i) => i.id === owner);
    if (!victim) throw new Error('no owner to kill');
    const connectionsBefore = pbx.connectedAt.length;
    viewers.get(victim.id)?.close();
    viewers.delete(victim.id);
    const t0 = clock();
    // The PBX's next connection logged in and subscribed (polled: its commands carry no times).
    const subscribedAt = until(
      () => subscribed(pbx, connectionsBefore + 1),
      30_000,
      'the PBX subscribe',
    ).catch(() => Number.NaN);
    await victim.kill();
    instances.splice(instances.indexOf(victim), 1);
    // The new owner's viewer shows the link connected there.
    const tViewer = await until(() => ownerNow() !== null, 30_000, 'a new owner on a viewer');
    const newOwner = ownerNow() as string;
    const tSub = await subscribedAt;
    // The other survivor's viewer names the new owner (standby: held by …).
    const other = [...viewers.entries()].find(([id]) => id !== newOwner)?.[1];
    const tOther = other
      ? await until(
          () => other.linkChanges.some((c) => c.at > t0 && c.owner === newOwner),
          30_000,
          'the standby naming the new owner',
        ).catch(() => Number.NaN)
      : Number.NaN;
    const tsub = tSub - t0;
    toSubscribe.push(tsub);
    toViewer.push(tViewer - t0);
    toOthers.push(tOther - t0);
    console.log(
      `   kill ${k + 1}: ${victim.id} → ${newOwner}: PBX subscribe +${(tsub / 1000).toFixed(2)} s, owner's viewer connected +${((tViewer - t0) / 1000).toFixed(2)} s, other viewer names it +${((tOther - t0) / 1000).toFixed(2)} s`,
    );
    // Back to three before the next kill.
    generation += 1;
    const fresh = await startInstance(`${victim.id.replace(/-\d+$/, '')}-${generation}`, env);
    instances.push(fresh);
    viewers.set(fresh.id, await clusterViewer(fresh.url, API_TOKEN, ENV_PBX_ID));
  }
  const s = (xs: number[]) => {
    const v = sorted(xs.filter(Number.isFinite));
    return `p50 ${(percentile(v, 0.5) / 1000).toFixed(2)} s, max ${((v[v.length - 1] ?? Number.NaN) / 1000).toFixed(2)} s (n=${v.length})`;
  };
  console.log(`   PBX sees the new owner subscribed: ${s(toSubscribe)}`);
  console.log(`   new owner's viewer shows the link connected: ${s(toViewer)}`);
  console.log(`   the other survivor's viewer names the new owner: ${s(toOthers)}`);
  for (const v of viewers.values()) v.close();
}

/** The PBX's `connection`-th connection (1-based) logged in and subscribed. */
function subscribed(pbx: Pbx, connection: number): boolean {
  const commands = pbx.commandsOf(connection).map((c) => c.command);
  return commands[0] === 'auth' && commands.includes('subscribe');
}

void main()
  .then(() => process.exit(0))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
