import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { WEBHOOK_TOKEN } from './callboard';
import { portsipCdrBody } from './portsipCdr';

/**
 * Test support only: the Callboard process (serve.ts) as a child process that a test or the chaos
 * script can SIGKILL, webhooks numbered `n` (one PortSIP call each), and the journal's count per `n`.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** SIGKILL (no goodbye: what a crash or the OOM killer does) and wait for the exit. */
  kill(): Promise<void>;
}

/** Start serve.ts on `dataDir` (env: e.g. JOURNAL_SYNC) and wait for its "READY <url>". */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE], {
    cwd: REPO,
    env: { ...process.env, ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited (${signal ?? code}) before it was ready: ${stderr}`)),
    );
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
  });
  return {
    child,
    url,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** When the numbered calls ended: a minute before the first use, so they fall in today's window. */
const ENDED_AT = Date.now() - 60_000;

/** POST webhook `n` (one distinct call); the HTTP status, or 0 when the connection failed. */
export async function postCall(
  url: string,
  n: number,
): Promise<{ status: number; retryAfter: string | null }> {
  try {
    const res = await fetch(`${url}/api/webhooks/portsip`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
      body: portsipCdrBody(n, ENDED_AT),
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 0, retryAfter: null };
  }
}

/**
 * Per webhook number, how many journal rows hold its call, in `dataDir`'s database or another file
 * there (a backup). Read-only; safe beside a live server.
 */
export function journaledCalls(dataDir: string, file = 'callboard.db'): Map<number, number> {
  const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
  try {
    const counts = new Map<number, number>();
    for (const events of db.prepare('SELECT events FROM journal').pluck().iterate() as Iterable<string>) {
      const calls = new Set((JSON.parse(events) as { callId?: string }[]).map((e) => e.callId));
      for (const callId of calls) {
        const n = numberOfCall(callId);
        if (n !== null) counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
    return counts;
  } finally {
    db.close();
  }
}

/** `…/7000000000000000+n` (portsipCdr.ts's session ids) back to n. */
function numberOfCall(callId: string | undefined): number | null {
  const session = callId?.split('/').at(-1);
  if (!session || !/^\d+$/.test(session)) return null;
  const n = BigInt(session) - 7_000_000_000_000_000n;
  return n >= 0n && n < 1_000_000_000n ? Number(n) : null;
}

/** Acknowledged webhook numbers against the journal: those missing, and those stored more than once. */
export function lostAndDoubled(
  acked: Iterable<number>,
  stored: ReadonlyMap<number, number>,
): { lost: number[]; doubled: number[] } {
  const lost = [...acked].filter((n) => !stored.has(n));
  const doubled = [...stored].filter(([, c]) => c > 1).map(([n]) => n);
  return { lost, doubled };
}
