import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clock, sleep } from './fanoutShared';

/**
 * `bench:cluster`'s Callboard instances: each a real process (clusterInstance.ts) started with the
 * environment given here and nothing else of the caller's (no DEMO, no PORTSIP_* by accident), so
 * that the bench can SIGKILL it.
 */
export const API_TOKEN = 'bench-cluster-api-token-0123';
export const WEBHOOK_TOKEN = 'bench-cluster-webhook-token-0123';

export interface Instance {
  readonly id: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./clusterInstance.ts', import.meta.url));

export async function startInstance(id: string, env: Record<string, string>): Promise<Instance> {
  const child = fork(ENTRY, [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: '0',
      INSTANCE_ID: id,
      API_TOKEN,
      WEBHOOK_TOKEN,
      WALLBOARD_TIMEZONE: 'UTC',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance ${id} exited (${code}) before listening`)));
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'listening' && typeof m.port === 'number') resolve(m.port);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  await ready(url, 60_000);
  return {
    id,
    url,
    child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls /readyz (today's state loaded; on a shared journal, the tail caught up). */
async function ready(url: string, ms: number): Promise<void> {
  const end = clock() + ms;
  for (;;) {
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (clock() > end) throw new Error(`${url} not ready after ${ms} ms`);
    await sleep(100);
  }
}

export async function until(check: () => boolean, ms: number, what: string): Promise<number> {
  const end = clock() + ms;
  while (!check()) {
    if (clock() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(2);
  }
  return clock();
}
