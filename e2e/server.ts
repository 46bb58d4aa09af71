import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The real production server (`npm start`'s command) with DEMO=1 on a loopback port and a throwaway
 * data dir; it can be killed and started again on the same port and data, as a TV would see it.
 */
export const API_TOKEN = 'e2e-api-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP / SIGCONT: the process freezes with its sockets open, as behind a dead router. */
  freeze(): void;
  thaw(): void;
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** Zones the specs may run in: in one of them it is always early or mid-afternoon. */
const ZONES = [
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'UTC',
  'Europe/Berlin',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/** The zone where it is nearest 15:00 now. */
export function afternoonZone(): string {
  const hourIn = (timeZone: string) =>
    Number(
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(Date.now()),
    );
  return ZONES.reduce((best, z) => (Math.abs(hourIn(z) - 15) < Math.abs(hourIn(best) - 15) ? z : best));
}

function launch(port: number, dataDir: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEMO: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      API_TOKEN,
      // The demo's calls follow the hour (quiet at night): the specs watch an afternoon, whenever run.
      WALLBOARD_TIMEZONE: afternoonZone(),
      // A day that starts with the specs (quick to start, figures of their own making); the README's
      // screenshots and the critical kiosk ask for the day so far (fixtures.ts).
      DEMO_DAY: 'empty',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => {
    errors += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${errors.slice(-500)}`));
    });
    lines.on('line', (line) => {
      if (line.includes('Callboard is up')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'callboard-e2e-'));
  let child: ChildProcess | null = await launch(port, dataDir, env);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    c.kill('SIGCONT'); // a frozen process would never act on SIGTERM
    await new Promise((resolve) => {
      c.once('exit', resolve);
      c.kill(signal);
    });
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    kill,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async restart() {
      await kill();
      child = await launch(port, dataDir, env);
    },
    async dispose() {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
