import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { portsipCdrBody, sessionIdOf } from '../testing/portsipCdr';

/**
 * Crash test: webhook senders hammer a real Callboard process; it is killed with SIGKILL mid-load.
 * After a restart on the same data dir, every event that got a 2xx is in the state, and none is
 * stored twice (senders also re-send acknowledged events, as retrying PBXs do).
 */
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const f of cleanups.splice(0)) await f();
});

async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/serve.ts'], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
  });
  return { child, url };
}

describe('SIGKILL during a webhook load', () => {
  it('after a restart, every acknowledged event is in the state and none twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callboard-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { child, url } = await spawnServer(dataDir);

    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const endedAt = Date.now() - 60_000;
    const send = async (n: number) => {
      const res = await fetch(`${url}/api/webhooks/portsip`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
        body: portsipCdrBody(n, endedAt),
      });
      await res.arrayBuffer();
      if (res.status === 200) acked.add(n);
    };
    const sender = async (id: number) => {
      for (let i = 0; !killed; i++) {
        // Every fifth request re-sends an acknowledged event, as a PBX retrying would.
        const n = i % 5 === 4 && acked.size > 0 ? [...acked][id % acked.size] : next++;
        await send(n as number).catch(() => {});
      }
    };
    const senders = Array.from({ length: 20 }, (_, id) => sender(id));
    while (acked.size < 400) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    killed = true;
    await new Promise((r) => child.once('exit', r));
    await Promise.all(senders);

    const app: TestCallboard = await startTestCallboard({ dataDir });
    cleanups.unshift(() => app.close());
    const calls = app.hub.state().calls;
    const missing = [...acked].filter((n) => !calls.has(`690833127458734080/${sessionIdOf(n)}`));
    expect(missing).toEqual([]);

    // None twice: each call's webhook is journaled once (a re-sent one is a duplicate, not stored).
    const db = new Database(join(dataDir, 'callboard.db'), { readonly: true });
    const counts = new Map<string, number>();
    for (const row of db.prepare('SELECT events FROM journal').iterate() as Iterable<{ events: string }>) {
      const ids = new Set((JSON.parse(row.events) as { callId?: string }[]).map((e) => e.callId));
      for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    db.close();
    expect([...counts.values()].filter((c) => c > 1)).toEqual([]);
    expect(counts.size).toBeGreaterThanOrEqual(acked.size);
  }, 60_000);
});
