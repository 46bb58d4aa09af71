import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { createApi } from '../http/api';
import { CLOSING_HEADER } from '../http/historyClosing';
import { createRouter } from '../http/router';
import { createHub } from '../hub/hub';
import { openStorage, type Storage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { createDayCloser } from './dayClose';
import { type DayWork, inThreadDayWork } from './dayWork';
import { reportRoutes } from './reportRoutes';

/**
 * The board is ready before the days missed while stopped are written (they are history, not today):
 * meanwhile /readyz and the reports name those days (`closing`) instead of showing them as empty,
 * and stop naming each once its rows are in.
 */
const tempDir = tempDirsRemovedAfterEach();
const silent = pino({ level: 'silent' });
const MON = Date.UTC(2026, 2, 9); // Europe/London = UTC before the clocks change
const NOW = MON + 2 * 86_400_000 + 9 * 3600_000; // Wednesday 09:00: Monday and Tuesday missed

const opened: Storage[] = [];
let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  for (const s of opened.splice(0)) await s.close();
});

const call = (n: number, at: number): DomainEvent[] => {
  const base = { source: 'wsi', origin: 'portsip-wsi', tenant: 't' } as const;
  const queue = { tenant: 't', number: '8001' };
  const sessionId = `s${n}`;
  return [
    { ...base, type: 'callerQueued', at, queue, caller: { sessionId, kind: 'normal', since: at } },
    { ...base, type: 'callerAnswered', at: at + 20_000, queue, sessionId, agent: '101' },
  ];
};

async function missedTwoDays() {
  const storage = openStorage({ dataDir: tempDir(), journalWriter: 'inline', logger: silent });
  opened.push(storage);
  for (const [n, at] of [MON + 10 * 3600_000, MON + 86_400_000 + 10 * 3600_000].entries())
    await storage.journal.append({ source: 'wsi', kind: 'portsip-wsi', receivedAt: at, events: call(n, at) });
  // The real work (replay, write), each day held at a gate the test opens.
  const real = inThreadDayWork({ history: storage.history, journal: storage.journalDays, now: () => NOW });
  const gates: (() => void)[] = [];
  const work: DayWork = {
    ...real,
    rebuild: async (...args) => {
      await new Promise<void>((open) => gates.push(open));
      return real.rebuild(...args);
    },
  };
  const closer = createDayCloser({
    history: storage.history,
    journal: storage.journalDays,
    settings: () => TEST_SETTINGS,
    now: () => NOW,
    journalDays: 30,
    logger: silent,
    work,
  });
  /** Let the day at the gate through; resolves once its rows are written and the next one waits. */
  const openGate = async () => {
    while (gates.length === 0) await new Promise((r) => setTimeout(r, 1));
    gates.shift()?.();
    const before = storage.history.closedDays(MON, NOW).length;
    while (storage.history.closedDays(MON, NOW).length === before) await new Promise((r) => setTimeout(r, 1));
  };
  return { storage, closer, openGate };
}

describe('days still being closed', () => {
  it('are named from the moment the close starts until each is written', async () => {
    const { closer, openGate } = await missedTwoDays();
    expect(closer.closing()).toEqual([]);
    const done = closer.closeMissed();
    expect(closer.closing()).toEqual(['2026-03-09', '2026-03-10']);
    await openGate();
    expect(closer.closing()).toEqual(['2026-03-10']);
    await openGate();
    expect(await done).toEqual(['2026-03-09', '2026-03-10']);
    expect(closer.closing()).toEqual([]);
    // Nothing left to close: a second close finds nothing and names nothing.
    expect(await closer.closeMissed()).toEqual([]);
    expect(closer.closing()).toEqual([]);
  });

  it('storage failing when the close lists the days: the close rejects in its turn, it does not throw at the caller', async () => {
    const { storage, closer } = await missedTwoDays();
    await storage.close();
    let run: Promise<string[]> | null = null;
    expect(() => {
      run = closer.closeMissed();
    }).not.toThrow();
    await expect(run).rejects.toThrow();
    expect(closer.closing()).toEqual([]);
  });

  it('/readyz stays 200 and names them; the queue and agent reports name those in their range, in JSON and a header', async () => {
    const { storage, closer, openGate } = await missedTwoDays();
    const hub = createHub({ settings: TEST_SETTINGS, now: () => NOW, epoch: 'e', windowMs: 1 });
    const admin = {
      ok: true as const,
      principal: { kind: 'user' as const, role: 'admin' as const, userId: 1 },
    };
    const route = createRouter([
      ...createApi({
        snapshot: hub.snapshot,
        now: () => NOW,
        scope: async () => 'all',
        ready: () => true,
        closing: closer.closing,
      }),
      ...reportRoutes({
        storage,
        state: hub.state,
        guard: { check: async () => admin, boardScope: async () => 'all' },
        recount: closer.recount,
        journalDays: 30,
        now: () => NOW,
        closing: closer.closing,
      }),
    ]);
    server = createServer((req, res) => void route(req, res));
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`);
      return {
        status: res.status,
        header: res.headers.get(CLOSING_HEADER),
        body: (await res.json()) as Record<string, unknown>,
      };
    };

    const done = closer.closeMissed();
    expect(await get('/readyz')).toEqual({
      status: 200,
      header: null,
      body: { ready: true, closing: ['2026-03-09', '2026-03-10'] },
    });
    const queues = await get('/api/v1/reports/queues?from=2026-03-10&to=2026-03-11');
    expect([queues.status, queues.header, queues.body.closing]).toEqual([200, '2026-03-10', ['2026-03-10']]);
    const agents = await get('/api/v1/reports/agents?from=2026-03-09&to=2026-03-09');
    expect([agents.status, agents.header, agents.body.closing]).toEqual([200, '2026-03-09', ['2026-03-09']]);

    await openGate();
    await openGate();
    await done;
    expect((await get('/readyz')).body).toEqual({ ready: true });
    const after = await get('/api/v1/reports/queues?from=2026-03-10&to=2026-03-11');
    expect([after.header, after.body.closing]).toEqual([null, []]);
    // Tuesday's rows are there now: one call offered.
    const rows = after.body.rows as { period: string; offered: number }[];
    expect(rows.filter((r) => r.period.startsWith('2026-03-10')).reduce((n, r) => n + r.offered, 0)).toBe(1);
  });
});
