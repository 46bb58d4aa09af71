import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { SourceOwner } from '../../../lib/protocol';
import { TEST_SETTINGS } from '../../../lib/testing/support';
import { createHub } from '../../hub/hub';
import { createPbxLinks } from '../../pbx/links';
import type { FakeWsiServer } from '../../pbx/testing/fakeWsiServer';
import { createRecorder } from '../../recorder';
import { createPgJournal } from '../../storage/postgres/journal';
import { openPgPool } from '../../storage/postgres/pool';
import type { Fence } from '../fence';
import { leasedOwnership } from '../leasedOwnership';

/**
 * Test support for linkOwnership.pg.test.ts: Callboard instances as far as one PBX link ("pbx-1",
 * queue 8001) goes, each with its links manager under leased ownership, journaling through the
 * recorder into the PostgreSQL journal. What each does is logged as lines stamped with the test's
 * clock (Date.now, as the fake PBX stamps its connections) when the test hears of it.
 */
export const PASSWORD = 'secret';
const INSTANCE = fileURLToPath(new URL('./linkInstance.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const logger = pino({ level: 'silent' });

type Cleanups = (() => Promise<unknown>)[];

export interface Line {
  readonly at: number;
  readonly status?: string;
  readonly owner?: SourceOwner | null;
  readonly journaled?: number;
  readonly epoch?: number | null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check`; resolves with the test's time when it held. */
export async function until(check: () => boolean, ms: number, what: string): Promise<number> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
  return Date.now();
}

/** The connection (1-based) logged in and subscribed: the link is up on it. */
export const subscribed = (pbx: FakeWsiServer, connection: number) => {
  const commands = pbx.commandsOf(connection).map((c) => c.command);
  return commands[0] === 'auth' && commands.includes('subscribe');
};

/** This instance's line saying it runs the link, connected. */
export const owns = (lines: readonly Line[]) => lines.find((l) => l.status === 'connected' && l.owner?.here);
/** Its line saying it stands by for `holder`. */
export const standsBy = (lines: readonly Line[], holder: string | null) =>
  lines.find((l) => l.owner?.here === false && l.owner.instance === holder);

/** An instance in a process of its own (linkInstance.ts), so the test can SIGKILL it. */
export function spawnInstance(url: string, instance: string, pbx: FakeWsiServer, cleanups: Cleanups) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', INSTANCE, url, instance, pbx.url, PASSWORD],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Line[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const at = Date.now();
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) lines.push({ at, ...(JSON.parse(part) as Omit<Line, 'at'>) });
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, lines, stderr: () => stderr };
}

/** An instance in this process, its lease connection on `leaseUrl` (a role the test can cut off). */
export async function inProcessInstance(
  o: {
    url: string;
    leaseUrl: string;
    name: string;
    pbx: FakeWsiServer;
    ttlMs: number;
    renewEveryMs: number;
  },
  cleanups: Cleanups,
) {
  const pool = openPgPool({ url: o.url, max: 2, applicationName: `callboard journal ${o.name}` });
  const journal = createPgJournal({ pool });
  const hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: o.name });
  const recorder = createRecorder({ journal, hub, now: Date.now, logger });
  const ownership = leasedOwnership({
    url: o.leaseUrl,
    instance: o.name,
    ttlMs: o.ttlMs,
    renewEveryMs: o.renewEveryMs,
  });
  const lines: Line[] = [];
  let fence: Fence | null = null;
  const links = createPbxLinks({
    sink: {
      ingest(events, f) {
        if (f) fence = f;
        recorder.ingest(events, f);
        lines.push({ at: Date.now(), journaled: events.length, epoch: f?.epoch ?? null });
      },
      setSourceStatus: (s) => lines.push({ at: Date.now(), status: s.status, owner: s.owner ?? null }),
      removeSource: () => {},
    },
    ownership,
    logger,
    now: Date.now,
  });
  await links.apply([{ id: 'pbx-1', portsip: portsipOf(o.pbx.url) }]);
  cleanups.push(async () => {
    await links.stop();
    await ownership.stop();
    hub.stop();
    await journal.close();
    await pool.end();
  });
  return { lines, journal, lastFence: () => fence };
}

export function portsipOf(url: string, password = PASSWORD) {
  return {
    url,
    auth: { username: 'admin', password },
    queues: ['8001'],
    extensions: [],
    tenants: [],
    tlsInsecure: false,
    rest: null,
  };
}
