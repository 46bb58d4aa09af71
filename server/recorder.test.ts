import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../lib/domain/events';
import { TEST_SETTINGS } from '../lib/testing/support';
import { createHub } from './hub/hub';
import { createRecorder, rebuildFromJournal } from './recorder';
import { openStorage, type Storage } from './storage';
import { tempDirsRemovedAfterEach } from './storage/testing/tempDir';

/**
 * The recorder's barrier on a real journal (its writer thread): a rebuild of today from the journal,
 * run through `whenSettled`, sees exactly what the board had applied, even with live events and
 * webhooks still on their way to the disk, and the input that arrives meanwhile is applied once, after.
 */
const tempDir = tempDirsRemovedAfterEach();
const NOON = Date.UTC(2026, 2, 10, 12);
const logger = pino({ level: 'silent' });
const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const call = (id: string, at: number, origin: 'portsip-wsi' | 'portsip-webhook'): DomainEvent[] => [
  {
    type: 'callerQueued',
    source: 'pbx',
    origin,
    tenant: 't',
    at,
    queue: { tenant: 't', number: '8001' },
    caller: { sessionId: id, kind: 'normal', since: at },
  },
];

function setUp() {
  const storage = openStorage({ dataDir: tempDir() });
  opened.push(storage);
  const hub = createHub({ settings: TEST_SETTINGS, now: () => NOON, epoch: 'e' });
  const recorder = createRecorder({ journal: storage.journal, hub, now: () => NOON, logger });
  const offered = () => {
    hub.flush();
    return hub.snapshot().state.queues.find((q) => q.id === 't/8001')?.today.offered ?? 0;
  };
  const rebuild = () => rebuildFromJournal(storage.journal, hub, TEST_SETTINGS, NOON);
  return { storage, hub, recorder, offered, rebuild };
}

const webhook = (id: string) => ({
  source: 'pbx',
  kind: 'portsip-webhook' as const,
  receivedAt: NOON,
  events: call(id, NOON - 1000, 'portsip-webhook'),
  dedupeKey: `key-${id}`,
});

describe('recorder.whenSettled', () => {
  it('a rebuild sees the live events applied but not yet committed (without the barrier it loses them)', async () => {
    const { hub, recorder, offered, rebuild } = setUp();
    for (let i = 0; i < 20; i++) recorder.ingest(call(`live-${i}`, NOON - 60_000 + i, 'portsip-wsi'));
    expect(offered()).toBe(20);
    await recorder.whenSettled(rebuild);
    expect(offered()).toBe(20);

    // Control: the same rebuild straight after the ingest reads a journal still being written.
    for (let i = 20; i < 40; i++) recorder.ingest(call(`live-${i}`, NOON - 30_000 + i, 'portsip-wsi'));
    expect(offered()).toBe(40);
    rebuild();
    expect(offered()).toBeLessThan(40);
    hub.stop();
  });

  it('a webhook committed during the wait is counted once; input meanwhile is held, then applied once', async () => {
    const { hub, recorder, offered, rebuild } = setUp();
    const acks = [recorder.accept(webhook('a')), recorder.accept(webhook('b'))];
    const settled = recorder.whenSettled(rebuild);
    // Arrives while the barrier waits: held, not lost, not applied twice.
    recorder.ingest(call('live-during', NOON - 500, 'portsip-wsi'));
    const late = recorder.accept(webhook('c'));
    expect(offered()).toBe(0);
    await settled;
    expect((await Promise.all(acks)).map((r) => r.duplicate)).toEqual([false, false]);
    expect(await late).toEqual({ duplicate: false });
    expect(offered()).toBe(4);
    // And the journal agrees: another settled rebuild gives the same count.
    await recorder.whenSettled(rebuild);
    expect(offered()).toBe(4);
    hub.stop();
  });

  it('releases held input even when the rebuild throws', async () => {
    const { hub, recorder, offered } = setUp();
    const failed = recorder.whenSettled(() => {
      throw new Error('rebuild failed');
    });
    recorder.ingest(call('held', NOON - 100, 'portsip-wsi'));
    await expect(failed).rejects.toThrow('rebuild failed');
    expect(offered()).toBe(1);
    hub.stop();
  });

  // The one fake here: a disk that stopped answering (an append that never settles) cannot be made
  // with a real SQLite file on demand.
  it('a stalled journal holds live input only until the timeout; then the rebuild goes ahead', async () => {
    const stalled = { append: () => new Promise<never>(() => {}), eventsReceivedSince: () => [] };
    const hub = createHub({ settings: TEST_SETTINGS, now: () => NOON, epoch: 'e' });
    const recorder = createRecorder({ journal: stalled, hub, now: () => NOON, logger, settleTimeoutMs: 50 });
    const offered = () => {
      hub.flush();
      return hub.snapshot().state.queues.find((q) => q.id === 't/8001')?.today.offered ?? 0;
    };
    recorder.ingest(call('before', NOON - 200, 'portsip-wsi'));
    const settled = recorder.whenSettled(() => 'rebuilt');
    recorder.ingest(call('held', NOON - 100, 'portsip-wsi'));
    expect(offered()).toBe(1);
    expect(await settled).toBe('rebuilt');
    expect(offered()).toBe(2);
    hub.stop();
  });
});

describe('recorder: each webhook source’s PBX clock', () => {
  it('is estimated from its own arrivals, journaled with them, and the same after a rebuild', async () => {
    const { hub, recorder, rebuild } = setUp();
    // A PBX 20 s behind: each webhook arrives 0.2–3 s after its (whole-second) PBX time, one retried late.
    const lags = [3000, 800, 200, 60_000, 1500];
    for (const [i, lag] of lags.entries()) {
      const arrival = NOON - 60_000 + i * 5000;
      await recorder.accept({
        source: 'pbx',
        kind: 'portsip-webhook',
        receivedAt: arrival,
        events: call(`w${i}`, arrival - 20_000 - lag, 'portsip-webhook'),
        dedupeKey: `clock-${i}`,
      });
    }
    expect(hub.state().clocks.pbx).toBe(20_200);
    rebuild();
    expect(hub.state().clocks.pbx).toBe(20_200);
  });

  it('learns nothing from a source that sends no times (3CX: events stamped on arrival)', async () => {
    const { hub, recorder } = setUp();
    const arrived: DomainEvent = {
      type: 'callStarted',
      source: '3cx',
      origin: '3cx',
      at: NOON,
      atArrival: true,
      callId: 'c1',
      parties: {},
    };
    await recorder.accept({ source: '3cx', kind: '3cx', receivedAt: NOON, events: [arrived] });
    expect(hub.state().clocks['3cx']).toBeUndefined();
  });
});

describe('recorder.ingest with a link owner fence', () => {
  it('hands the fence to the journal with the entry; SQLite, one instance, stores it as any other', async () => {
    const appended: unknown[] = [];
    const hub = createHub({ settings: TEST_SETTINGS, now: () => NOON, epoch: 'e' });
    const journal = {
      append: async (entry: unknown) => {
        appended.push(entry);
        return { duplicate: false };
      },
    };
    const recorder = createRecorder({ journal, hub, now: () => NOON, logger });
    recorder.ingest(call('fenced', NOON - 1000, 'portsip-wsi'), { link: 'pbx', epoch: 3 });
    recorder.ingest(call('plain', NOON - 900, 'portsip-wsi'));
    expect(appended).toEqual([
      expect.objectContaining({ source: 'pbx', fence: { link: 'pbx', epoch: 3 } }),
      expect.not.objectContaining({ fence: expect.anything() }),
    ]);

    const { storage, recorder: onSqlite, rebuild, offered } = setUp();
    onSqlite.ingest(call('fenced', NOON - 1000, 'portsip-wsi'), { link: 'pbx', epoch: 3 });
    await onSqlite.whenSettled(() => {});
    rebuild();
    expect(offered()).toBe(1);
    expect(storage.journal.stats?.().failedCommits ?? 0).toBe(0);
    hub.stop();
  });
});
