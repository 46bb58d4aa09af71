import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFiles, fillDisk, immutableBites, makeImmutable, mountSmallDisk } from '../testing/faults';
import {
  journaledCalls,
  lostAndDoubled,
  postCall,
  type ServerProcess,
  spawnServer,
} from '../testing/serverProcess';

/**
 * Issue #13: storage that refuses writes (a full disk, database files made immutable). Webhooks get
 * 503 with Retry-After, never a 2xx for what was not stored; /readyz is 503 with the reason while it
 * lasts and 200 again once writes work; the senders' retries are then stored, and after a SIGKILL
 * and a restart every acknowledged webhook is in the journal once. Needs root (mount, chattr): the
 * helpers fail with that reason otherwise; CI runs as root.
 */
const undo: (() => void)[] = [];
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
  // Newest first: the immutable flag and the filler go before the mount, the mount before the dir.
  for (const f of undo.splice(0).reverse()) f();
});

async function readyz(url: string): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

/** Up to `ms` for /readyz to answer 200 again. */
async function readyAgain(url: string, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
    if ((await readyz(url)).status === 200) return true;
  return false;
}

/**
 * 20 webhooks (`first`), the fault, 40 more (`during`; each 503 with Retry-After: never a 2xx while it lasts),
 * /readyz, the fault undone, the refused ones re-sent, SIGKILL, restart, count.
 */
async function faultRound(
  dataDir: string,
  fault: () => () => void,
  reason: RegExp,
  /** Webhooks before the fault; 0: the journal's writer thread starts during it. */
  first = 20,
  /** Webhooks during the fault. */
  during = 40,
): Promise<void> {
  const server = await spawnServer(dataDir, { JOURNAL_SYNC: 'full', JOURNAL_MIN_FREE_MB: '4' });
  servers.push(server);
  const acked = new Set<number>();
  for (let n = 0; n < first; n++) if ((await postCall(server.url, n)).status === 200) acked.add(n);
  expect(acked.size).toBe(first);

  const clear = fault();
  undo.push(clear);
  const refused: number[] = [];
  for (let n = first; n < first + during; n++) {
    expect(await postCall(server.url, n)).toEqual({
      status: 503,
      retryAfter: expect.stringMatching(/^\d+$/),
    });
    refused.push(n);
  }
  const readiness = await readyz(server.url);
  expect(readiness.status).toBe(503);
  expect(readiness.retryAfter).toMatch(/^\d+$/);
  expect(JSON.parse(readiness.body).reason).toMatch(reason);

  clear();
  expect(await readyAgain(server.url, 10_000)).toBe(true);
  for (const n of refused) {
    expect((await postCall(server.url, n)).status).toBe(200);
    acked.add(n);
  }

  await server.kill();
  servers.push(await spawnServer(dataDir, { JOURNAL_MIN_FREE_MB: '4' }));
  const { lost, doubled } = lostAndDoubled(acked, journaledCalls(dataDir));
  expect({ lost, doubled, acked: acked.size }).toEqual({ lost: [], doubled: [], acked: first + during });
}

/**
 * A data dir where `chattr +i` stops writes through open descriptors: the temp dir, or where its file
 * system ignores the flag for open files (tmpfs), a small ext4 disk; failing, saying so, if neither.
 */
function dirWhereImmutableBites(): string {
  const root = mkdtempSync(join(tmpdir(), 'callboard-immutable-'));
  undo.push(() => rmSync(root, { recursive: true, force: true }));
  if (immutableBites(root)) return join(root, 'data');
  const disk = mountSmallDisk(join(root, 'disk'), 32);
  undo.push(disk.unmount);
  if (!immutableBites(join(root, 'disk')))
    throw new Error(
      `chattr +i does not stop writes to open files on ${disk.filesystem}: this test needs ext4`,
    );
  return join(root, 'disk', 'data');
}

describe('storage that refuses writes', () => {
  it('a full disk: 503 with Retry-After, /readyz 503, then recovery once space is free', {
    timeout: 60_000,
  }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'callboard-full-disk-'));
    undo.push(() => rmSync(root, { recursive: true, force: true }));
    undo.push(mountSmallDisk(join(root, 'disk'), 32).unmount);
    const disk = join(root, 'disk');
    await faultRound(join(disk, 'data'), () => fillDisk(disk), /disk almost full/);
  });

  it('immutable database and WAL files (chattr +i): the same', { timeout: 60_000 }, async () => {
    const dataDir = dirWhereImmutableBites();
    // The -shm file is left alone here: it is memory-mapped, and ext4 answers a write to a mapped
    // page of an immutable file with SIGBUS, which kills the process (the chaos suite covers that
    // as a crash: README, Reliability).
    await faultRound(dataDir, () => makeImmutable(databaseFiles(dataDir).slice(0, 2)), /I\/O error|readonly/);
  });

  it('immutable files before the first webhook: the journal writer starting then recovers too', {
    timeout: 60_000,
  }, async () => {
    // SQLite opens a file it may not write read-only without a word, and that connection never
    // writes again: the writer thread, started by the first webhook, refused every later one.
    const dataDir = dirWhereImmutableBites();
    await faultRound(
      dataDir,
      () => makeImmutable(databaseFiles(dataDir).slice(0, 2)),
      /cannot be written|stopped|readonly/,
      0,
      10,
    );
  });
});
