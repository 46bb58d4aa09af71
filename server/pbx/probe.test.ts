import { createServer } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../simulator';
import { probeWsi } from './probe';

/** "Test connection" against the built-in simulator: a real WSI server speaking the documented flow. */
const logger = pino({ level: 'silent' });
const timing = { backoffBaseMs: 20, backoffCapMs: 50, discoveryQuietMs: 50 };
let sim: SimulatorHandle | null = null;

afterEach(async () => {
  await sim?.stop();
  sim = null;
});

describe('probeWsi', () => {
  it('reports success with every queue (number and name) and agent the PBX revealed', async () => {
    sim = await startSimulator({ seed: 3, queues: 2, agentsPerQueue: 4, autoRun: false });
    const r = await probeWsi({ now: Date.now, url: sim.url, auth: sim.credentials, timing, logger });
    expect(r.ok).toBe(true);
    expect(r.status).toBe('connected');
    expect(r.detail).toBeNull();
    expect(r.tenant).toBe(sim.tenantId);
    expect(r.queues).toEqual(sim.queues.map((q) => ({ number: q.number, name: q.name })));
    expect(r.extensions).toEqual(
      [...sim.extensions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it('reports the PBX’s error text for a wrong password, without the password', async () => {
    sim = await startSimulator({ seed: 3, queues: 1, agentsPerQueue: 2, autoRun: false });
    const password = 'wrong-password-123';
    const r = await probeWsi({
      now: Date.now,
      url: sim.url,
      auth: { ...sim.credentials, password },
      timing,
      logger,
    });
    expect(r.ok).toBe(false);
    expect(r.status).toBe('error');
    expect(r.detail).toBeTruthy();
    expect(r.detail).not.toContain(password);
    expect(r.queues).toEqual([]);
  });

  it('answers quickly when nothing listens at the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await probeWsi({
      now: Date.now,
      url: `ws://127.0.0.1:${port}/wsi`,
      auth: { username: 'a', password: 'b' },
      timing,
      logger,
      timeoutMs: 5_000,
    });
    expect(r.ok).toBe(false);
    expect(r.status).not.toBe('timeout');
    expect(r.ms).toBeLessThan(3_000);
  });

  it('gives up at the timeout when the PBX accepts the socket but never answers', async () => {
    sim = await startSimulator({ seed: 3, queues: 1, agentsPerQueue: 2, autoRun: false });
    sim.blackhole(true);
    const r = await probeWsi({
      now: Date.now,
      url: sim.url,
      auth: sim.credentials,
      timing,
      logger,
      timeoutMs: 300,
    });
    expect(r.ok).toBe(false);
    expect(r.status).toBe('timeout');
    expect(r.detail).toMatch(/no complete answer within/);
  });
});
