import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub } from '../hub/hub';
import { replayStart } from '../recorder';
import { startTestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';
import { portsipCdrBody, sessionIdOf } from '../testing/portsipCdr';

/**
 * Crash test for restart checkpoints: a real Callboard process under webhook load, taking a
 * checkpoint every 1,000 events, is killed with SIGKILL the moment a checkpoint is under way (its
 * encoding or its write on the checkpoint thread), three times over. After the last kill, a restart
 * (which resumes from the newest whole checkpoint) has every acknowledged event, and its state equals
 * a full replay of the same journal, field for field.
 */
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const f of cleanups.splice(0)) await f();
});

interface Run {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves at the n-th "checkpoint under way" line (1-based). */
  underWay(n: number): Promise<void>;
  readonly stored: () => number;
}

async function spawnServer(dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/serve.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, TEST_LOG: 'debug', CHECKPOINT_EVERY_EVENTS: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let started = 0;
  let stored = 0;
  const waiters: { n: number; resolve(): void }[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
      if (line.includes('"checkpoint stored"')) stored += 1;
      if (line.includes('"checkpoint under way"')) {
        started += 1;
        for (const w of waiters) if (w.n === started) w.resolve();
      }
    });
  });
  return {
    child,
    url,
    stored: () => stored,
    underWay: (n) => new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}

describe('SIGKILL while a checkpoint is under way', () => {
  it('restarts to every acknowledged event and to the figures of a full replay', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'callboard-checkpoint-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const acked = new Set<number>();
    let next = 0;
    const endedAt = Date.now() - 60_000;
    let killedMidway = 0;

    for (let round = 1; round <= 3; round++) {
      const run = await spawnServer(dataDir);
      let killed = false;
      const sender = async () => {
        while (!killed) {
          const n = next++;
          const res = await fetch(`${run.url}/api/webhooks/portsip`, {
            method: 'POST',
            headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
            body: portsipCdrBody(n, endedAt),
          }).catch(() => null);
          await res?.arrayBuffer().catch(() => {});
          if (res?.status === 200) acked.add(n);
        }
      };
      const senders = Array.from({ length: 10 }, sender);
      // The first checkpoint of this run is stored; the kill lands on the second.
      await run.underWay(2);
      const storedBefore = run.stored();
      run.child.kill('SIGKILL');
      killed = true;
      await new Promise((r) => run.child.once('exit', r));
      await Promise.all(senders);
      if (run.stored() === storedBefore) killedMidway += 1;
    }
    // At least one kill landed before its checkpoint was stored (a race the kill usually wins).
    expect(killedMidway).toBeGreaterThan(0);

    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const app = await startTestCallboard({ dataDir, logger });
    cleanups.unshift(() => app.close());
    expect(lines.some((l) => l.msg === 'resuming from checkpoint')).toBe(true);
    expect(lines.filter((l) => l.msg.startsWith('checkpoint ignored'))).toEqual([]);

    const calls = app.hub.state().calls;
    expect([...acked].filter((n) => !calls.has(`690833127458734080/${sessionIdOf(n)}`))).toEqual([]);
    const { settings } = app.hub.state();
    const full = createHub({ settings, now: Date.now, epoch: 'full', windowMs: 0 });
    cleanups.push(() => full.stop());
    // Facts the server says itself at start (its "server stopped" gaps) are applied, then journaled:
    // read the journal once it holds them.
    const journaled = await app.recorder.whenSettled(() =>
      app.storage.journal.eventsReceivedSince(replayStart(settings, Date.now())),
    );
    full.rebuild(settings, journaled);
    expect(app.hub.state()).toEqual(full.state());
  }, 120_000);
});
