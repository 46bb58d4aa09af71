import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSimulator } from '../server/simulator';
import { startEmbeddedPostgres } from '../server/storage/postgres/testing/throwawayPostgres';

/**
 * `npm run demo:cluster`: watch a failover on your own machine (issue #19). Starts an embedded
 * PostgreSQL, the built-in PortSIP simulator, and two Callboard instances on ports 3000 and 3001
 * that share the journal (DATABASE_URL) and, for now, one DATA_DIR (the stores not yet on PostgreSQL
 * live there). One instance holds the PBX link; kill it (press a or b) and the other takes the link
 * within 15 s while both boards keep counting. Press r to restart what was killed, q to quit.
 * Everything is deleted at the end.
 */

const ADMIN = { email: 'admin@callboard.local', password: 'callboard-cluster-demo' };
const PORTS = { a: 3000, b: 3001 } as const;
type Name = keyof typeof PORTS;

const dataDir = mkdtempSync(join(tmpdir(), 'callboard-cluster-'));
const pg = await startEmbeddedPostgres({ durable: true });
const sim = await startSimulator({ port: 0, host: '127.0.0.1' });
const children = new Map<Name, ChildProcess>();

function start(name: Name): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORTS[name]),
      DATA_DIR: dataDir,
      DATABASE_URL: pg.url,
      // The simulator is a saved connection here; DEMO=1 (one process) is refused beside DATABASE_URL.
      DEMO: '0',
      INSTANCE_ID: `instance-${name}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PORTSIP_WSI_URL: sim.url,
      PORTSIP_USERNAME: sim.credentials.username,
      PORTSIP_PASSWORD: sim.credentials.password,
      PORTSIP_DOMAIN: sim.credentials.domain,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  child.once('exit', (code, signal) => {
    if (children.get(name) === child) children.delete(name);
    console.log(`instance ${name} exited (${signal ?? code})`);
  });
  return child;
}

async function ready(name: Name): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${PORTS[name]}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance ${name} did not get ready`);
}

async function stopAll(): Promise<void> {
  for (const child of children.values()) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  for (const child of children.values()) child.kill('SIGKILL');
  await sim.stop();
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// One after the other: the first start migrates the shared file and seeds the PBX connection.
start('a');
await ready('a');
start('b');
await ready('b');
console.log(`
Callboard cluster demo: two instances, one PostgreSQL (${pg.origin}), one simulated PBX.
  instance a: http://localhost:${PORTS.a}    instance b: http://localhost:${PORTS.b}
  sign in as ${ADMIN.email} / ${ADMIN.password}; the source chip names the instance that owns the PBX link.
  keys: a / b = SIGKILL that instance, r = restart what was killed, q = quit (deletes everything)
`);

if (process.stdin.isTTY) process.stdin.setRawMode(true);
const keys = createInterface({ input: process.stdin });
process.stdin.on('data', (chunk: Buffer) => {
  const key = chunk.toString().trim().toLowerCase();
  if (key === 'a' || key === 'b') {
    const child = children.get(key);
    if (child) {
      child.kill('SIGKILL');
      console.log(`SIGKILL instance ${key}: the other takes the link within 15 s`);
    }
  } else if (key === 'r') {
    for (const name of ['a', 'b'] as const) if (!children.has(name)) start(name);
  } else if (key === 'q' || key === '\u0003') {
    keys.close();
    void stopAll().then(() => process.exit(0));
  }
});
process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
