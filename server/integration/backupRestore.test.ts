import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { getJson, WEBHOOK_TOKEN } from '../testing/callboard';
import {
  journaledCalls,
  lostAndDoubled,
  postCall,
  type ServerProcess,
  spawnServer,
} from '../testing/serverProcess';
import { voipstudioCall } from '../testing/voipstudioCalls';

/**
 * `npm run backup` under webhook load and `npm run restore` into a fresh DATA_DIR (issue #13, part
 * 1): the restored server holds every webhook acknowledged before the backup began, each once, and
 * its figures are those of the journal it was given. Restore refuses a damaged file and a database a
 * server is using.
 */
const run = promisify(execFile);
const servers: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `callboard-${name}-`));
  dirs.push(dir);
  return dir;
}

/** `npm run <script> -- <file>` with DATA_DIR, as an admin runs it. */
function npmRun(script: 'backup' | 'restore', dataDir: string, file: string) {
  return run('npm', ['run', '--silent', script, '--', file], { env: { ...process.env, DATA_DIR: dataDir } });
}

interface StateView {
  queues: { id: string; today: { offered: number; answered: number } }[];
}

/** VoIPstudio queue calls, webhook by webhook, each re-sent until acknowledged, until `stopped()`. */
async function sendQueueCalls(url: string, stopped: () => boolean): Promise<void> {
  const startAt = Date.now() - 5 * 60_000;
  for (let n = 0; !stopped(); n++)
    for (const { body } of voipstudioCall(n, n % 3 === 2 ? 'missed' : 'answered', startAt))
      while (
        !stopped() &&
        (await resend(url, { kind: 'voipstudio', contentType: 'application/json', body })) !== 200
      );
}

interface Delivery {
  kind: string;
  contentType: string;
  body: string;
}

/** The raw deliveries a database journaled, in arrival order. */
function deliveriesIn(file: string): Delivery[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT j.kind, r.content_type AS contentType, r.body FROM journal j JOIN raw_payloads r ON r.journal_id = j.id ORDER BY j.id',
      )
      .all() as Delivery[];
  } finally {
    db.close();
  }
}

async function resend(url: string, d: Delivery): Promise<number> {
  const path = d.kind === 'voipstudio' ? `voipstudio/${WEBHOOK_TOKEN}` : 'portsip';
  const res = await fetch(`${url}/api/webhooks/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': d.contentType },
    body: d.body,
  }).catch(() => null);
  await res?.arrayBuffer();
  return res?.status ?? 0;
}

/**
 * Times a server puts on its own timeline from when each delivery ARRIVED (the PBX clock estimate,
 * docs/metrics.md "Two clocks"): the restored server saw the original arrivals, the reference server
 * its own resends, so these differ by design. Every count, state and id must still be equal.
 */
const ARRIVAL_TIMED = new Set([
  'lastProofOfLifeAt',
  'clockOffsetMs',
  'clockWarning',
  'lastEventAt',
  'startedAt',
  'answeredAt',
  'since',
  // The restored server was stopped from the backup's last arrival to its start: it says so on its
  // queues ("server stopped", docs/metrics.md "Gaps"); the reference server never stopped.
  'gaps',
]);

/** The published state, minus what depends on when it is read or when deliveries arrived. */
async function stateWithoutClock(url: string): Promise<StateView> {
  const {
    serverTime: _t,
    seq: _s,
    ...state
  } = await getJson<StateView & { serverTime: number; seq: number }>(url, '/api/v1/state');
  return JSON.parse(JSON.stringify(state, (key, value) => (ARRIVAL_TIMED.has(key) ? undefined : value)));
}

/**
 * The published state once it stops changing: the server publishes applied events in windows of
 * 50–250 ms (longer on a busy machine), so the last deliveries may not show at once.
 */
async function settledState(url: string): Promise<StateView> {
  let last = await stateWithoutClock(url);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await stateWithoutClock(url);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

describe('backup and restore', () => {
  it('a backup taken under webhook load restores into a fresh DATA_DIR with its figures', {
    timeout: 60_000,
  }, async () => {
    const live = tempDir('live');
    const server = await spawnServer(live, { JOURNAL_SYNC: 'full' });
    servers.push(server);

    // Three senders of one-webhook PortSIP calls (each its own numbers), one of VoIPstudio queue
    // calls (several webhooks each, which make the queue figures), until told to stop.
    const acked = new Set<number>();
    let stop = false;
    const senders = Array.from({ length: 3 }, async (_, id) => {
      for (let n = id; !stop; n += 3) if ((await postCall(server.url, n)).status === 200) acked.add(n);
    });
    senders.push(sendQueueCalls(server.url, () => stop));
    while (acked.size < 100) await new Promise((r) => setTimeout(r, 10));
    const before = new Set(acked);
    const file = join(tempDir('backups'), 'nightly.db');
    await npmRun('backup', live, file);
    const during = acked.size;
    while (acked.size < during + 50) await new Promise((r) => setTimeout(r, 10));
    stop = true;
    await Promise.all(senders);

    const inBackup = journaledCalls(dirname(file), basename(file));
    expect(lostAndDoubled(before, inBackup)).toEqual({ lost: [], doubled: [] });
    expect(inBackup.size).toBeLessThan(acked.size); // a copy of one moment, not of later writes

    const fresh = join(tempDir('fresh'), 'data');
    await npmRun('restore', fresh, file);
    const restored = await spawnServer(fresh);
    servers.push(restored);
    expect(journaledCalls(fresh)).toEqual(inBackup);

    // The same figures as a server that was sent exactly the deliveries the backup holds.
    const reference = await spawnServer(tempDir('reference'));
    servers.push(reference);
    for (const delivery of deliveriesIn(file)) expect(await resend(reference.url, delivery)).toBe(200);
    const figures = await settledState(restored.url);
    expect(figures).toEqual(await settledState(reference.url));
    expect(figures.queues[0]?.today.offered).toBeGreaterThan(0);
  });

  it('restore refuses a damaged backup and a database in use, and changes nothing', {
    timeout: 60_000,
  }, async () => {
    const live = tempDir('live');
    const server = await spawnServer(live);
    servers.push(server);
    for (let n = 0; n < 10; n++) expect((await postCall(server.url, n)).status).toBe(200);
    const file = join(tempDir('backups'), 'copy.db');
    await npmRun('backup', live, file);

    const damaged = join(tempDir('damaged'), 'copy.db');
    writeFileSync(damaged, Buffer.alloc(8192, 7));
    const other = join(tempDir('other'), 'data');
    await expect(npmRun('restore', other, damaged)).rejects.toMatchObject({
      stderr: expect.stringContaining('is not a usable backup'),
    });

    await expect(npmRun('restore', live, file)).rejects.toMatchObject({
      stderr: expect.stringContaining('is in use (a Callboard server is running)'),
    });
    expect((await postCall(server.url, 10)).status).toBe(200);
    await server.kill();
    expect(lostAndDoubled([...Array(11).keys()], journaledCalls(live))).toEqual({ lost: [], doubled: [] });

    // Stopped: the restore goes ahead and keeps the replaced database aside.
    const { stdout } = await npmRun('restore', live, file);
    expect(stdout).toMatch(/previous database is kept as .*before-restore/);
    expect(journaledCalls(live).size).toBe(10);
    const kept = stdout.match(/kept as (\S+?);/)?.[1] ?? '';
    const db = new Database(kept, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM journal').pluck().get()).toBe(11);
    db.close();
  });
});
