import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChaosReport, FAULTS, type Fault } from './chaosReport';
import { databaseFiles, fillDisk, makeImmutable, mountSmallDisk, requireRoot } from './faults';
import { journaledCalls, postCall, type ServerProcess, spawnServer } from './serverProcess';
import { sqliteCli } from './sqliteCli';

/**
 * Test support only: the chaos suite of issue #13 (`npm run chaos`, and a short run in the tests).
 * Webhook senders keep posting numbered calls (each re-sent until acknowledged, as a PBX does) to a
 * real server process whose DATA_DIR is a small disk (ext4 on a loop device, else tmpfs). Each round,
 * after a seeded random stretch of load, one fault dealt at random (from shuffled decks holding one
 * of each): SIGKILL and restart, an outside `sqlite3` read, a `sqlite3 .backup`, the disk filled up,
 * or the database files made immutable. Then the senders pause, and the journal must hold every
 * acknowledged call exactly once and nothing else.
 */
export interface ChaosOptions {
  readonly seed: number;
  readonly rounds: number;
  readonly senders: number;
  /** Load before each fault, and how long a disk-full or immutable fault lasts: [min, max] ms. */
  readonly loadMs: readonly [number, number];
  /** The size of the small disk under DATA_DIR. */
  readonly diskMegabytes: number;
  readonly log?: (line: string) => void;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** /readyz's status, 0 when nothing answers. */
const readyzStatus = (url: string) =>
  fetch(`${url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  requireRoot('the chaos suite');
  const started = Date.now();
  const random = seededRandom(o.seed);
  const between = ([min, max]: readonly [number, number]) => Math.round(min + random() * (max - min));
  const log = o.log ?? (() => {});

  const root = mkdtempSync(join(tmpdir(), 'callboard-chaos-'));
  const disk = join(root, 'disk');
  const backups = join(root, 'backups');
  mkdirSync(backups);
  const undo: (() => void)[] = [];
  let server: ServerProcess | null = null;

  const acked = new Set<number>();
  let requests = 0;
  /** Replies are tallied here while a storage fault lasts. */
  let faultReplies: Map<string, number> | null = null;
  const duringStorageFaults: Record<string, number> = {};
  let missingRetryAfter = 0;
  let paused = false;
  let stopped = false;
  let idle = 0;

  const sender = async (id: number) => {
    for (let n = id; !stopped; n += o.senders) {
      // Each call is re-sent until acknowledged, as a PBX retries.
      for (;;) {
        const url = server?.url;
        // A request counts for a fault only if sent once the fault was in place and answered before
        // it was undone: a webhook committed just before the disk filled may well get its 200.
        const during = faultReplies;
        const reply = url ? await postCall(url, n) : { status: 0, retryAfter: null };
        requests += 1;
        if (during && during === faultReplies) {
          const key = String(reply.status);
          during.set(key, (during.get(key) ?? 0) + 1);
          if (reply.status === 503 && reply.retryAfter === null) missingRetryAfter += 1;
        }
        if (reply.status === 200) {
          acked.add(n);
          break;
        }
        if (stopped) return;
        // Retry-After says seconds; the suite compresses time and retries after 50 ms.
        await sleep(50);
      }
      while (paused && !stopped) {
        idle += 1;
        while (paused && !stopped) await sleep(10);
        idle -= 1;
      }
    }
  };

  const faults = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  let readyWhileFailing = 0;
  let longestRecoveryMs = 0;
  let lost = 0;
  let doubled = 0;
  let unacknowledged = 0;
  let firstBadRound: number | null = null;
  const senders: Promise<void>[] = [];
  // Faults are dealt from shuffled decks of one of each: a short run still meets every kind.
  let deck: Fault[] = [];
  let filesystem = '';
  let killedByFaults = 0;
  const start = (dataDir: string) => spawnServer(dataDir, { JOURNAL_SYNC: 'full', JOURNAL_MIN_FREE_MB: '8' });

  try {
    const mounted = mountSmallDisk(disk, o.diskMegabytes);
    undo.push(mounted.unmount);
    filesystem = mounted.filesystem;
    const dataDir = join(disk, 'data');
    const dbPath = join(dataDir, 'callboard.db');
    server = await start(dataDir);
    for (let id = 0; id < o.senders; id++) senders.push(sender(id));

    /** A storage fault: replies tallied, /readyz read before the fault is undone, recovery timed. */
    const storageFault = async (fault: Fault, make: () => () => void) => {
      const live = server as ServerProcess;
      const clear = make();
      undo.push(clear);
      faultReplies = new Map();
      try {
        await sleep(between(o.loadMs));
        const failed = (faultReplies.get('503') ?? 0) > 0;
        if (failed && (await readyzStatus(live.url)) === 200) readyWhileFailing += 1;
      } finally {
        clear();
        undo.pop();
        for (const [status, count] of faultReplies)
          duringStorageFaults[`${fault} ${status}`] =
            (duringStorageFaults[`${fault} ${status}`] ?? 0) + count;
        faultReplies = null;
      }
      const since = Date.now();
      for (;;) {
        const current = server as ServerProcess;
        if (current.child.exitCode !== null || current.child.signalCode !== null) {
          // ext4 answers a write to a mapped page of an immutable -shm file with SIGBUS: the kernel
          // ended the process, as a crash would (its exit may be reported only now). The
          // supervisor's part: start it again.
          killedByFaults += 1;
          log(
            `  the server died during the fault (${current.child.signalCode ?? current.child.exitCode}): restarted`,
          );
          server = null;
          server = await start(dataDir);
          continue;
        }
        const ready = await fetch(`${current.url}/readyz`).then(
          async (r) => ({ status: r.status, body: await r.text() }),
          (err: unknown) => ({ status: 0, body: String(err) }),
        );
        if (ready.status === 200) break;
        if (Date.now() - since > 15_000)
          throw new Error(
            `storage did not recover within 15 s of the fault ending: /readyz ${ready.status} ${ready.body}`,
          );
        await sleep(50);
      }
      longestRecoveryMs = Math.max(longestRecoveryMs, Date.now() - since);
    };

    for (let round = 1; round <= o.rounds; round++) {
      await sleep(between(o.loadMs));
      if (deck.length === 0) deck = shuffled(FAULTS, random);
      const fault = deck.pop() as Fault;
      faults[fault] += 1;
      switch (fault) {
        case 'sigkill': {
          const dying = server as ServerProcess;
          server = null;
          await dying.kill();
          server = await start(dataDir);
          break;
        }
        case 'sqlite-read':
          sqliteCli(dbPath, 'select count(*) from journal');
          break;
        case 'sqlite-backup':
          sqliteCli(dbPath, `.backup '${join(backups, `round-${round}.db`)}'`);
          rmSync(join(backups, `round-${round}.db`), { force: true });
          break;
        case 'disk-full':
          await storageFault(fault, () => fillDisk(disk));
          break;
        case 'immutable':
          await storageFault(fault, () => makeImmutable(databaseFiles(dataDir)));
          break;
      }

      // Settle: every sender finishes the call in hand (acknowledged), then the journal is read.
      paused = true;
      while (idle < o.senders) await sleep(10);
      const stored = journaledCalls(dataDir);
      const roundLost = [...acked].filter((n) => !stored.has(n)).length;
      const roundDoubled = [...stored.values()].filter((c) => c > 1).length;
      const roundExtra = [...stored.keys()].filter((n) => !acked.has(n)).length;
      lost = Math.max(lost, roundLost);
      doubled = Math.max(doubled, roundDoubled);
      unacknowledged = Math.max(unacknowledged, roundExtra);
      if (firstBadRound === null && roundLost + roundDoubled + roundExtra > 0) firstBadRound = round;
      log(
        `round ${round}/${o.rounds}: ${fault}; ${acked.size} acknowledged, ${stored.size} stored` +
          (roundLost + roundDoubled + roundExtra > 0
            ? `; LOST ${roundLost}, DOUBLED ${roundDoubled}, UNACKNOWLEDGED ${roundExtra}`
            : ''),
      );
      paused = false;
    }
  } finally {
    stopped = true;
    paused = false;
    await Promise.all(senders);
    await server?.kill();
    for (const f of undo.splice(0).reverse()) f();
    rmSync(root, { recursive: true, force: true });
  }

  return {
    seed: o.seed,
    filesystem,
    killedByFaults,
    rounds: o.rounds,
    senders: o.senders,
    events: acked.size,
    requests,
    faults,
    duringStorageFaults,
    missingRetryAfter,
    readyWhileFailing,
    longestRecoveryMs,
    lost,
    doubled,
    unacknowledged,
    firstBadRound,
    durationMs: Date.now() - started,
  };
}
