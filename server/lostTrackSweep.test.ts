import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../lib/domain/events';
import { liveCalls } from '../lib/domain/view';
import { TEST_SETTINGS } from '../lib/testing/support';
import { createHub } from './hub/hub';
import { lostTrackFacts, startLostTrackSweep } from './lostTrackSweep';
import { createRecorder, rebuildFromJournal } from './recorder';
import { openStorage, type Storage } from './storage';
import { tempDirsRemovedAfterEach } from './storage/testing/tempDir';

/**
 * The no-news bound through the real recorder and journal: a caller and a call with no news for
 * longer than 4 h are closed and counted as lost track, and a rebuild of today from the journal
 * gives the same figures (the sweep is a journaled fact, not a clock read in the reducer).
 */
const tempDir = tempDirsRemovedAfterEach();
const MORNING = Date.UTC(2026, 2, 10, 8);
const HOUR = 3600_000;
const logger = pino({ level: 'silent' });
const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

const pbx = { source: 'pbx', origin: 'portsip-wsi', tenant: 't' } as const;
const queued = (id: string, at: number): DomainEvent => ({
  ...pbx,
  type: 'callerQueued',
  at,
  queue: { tenant: 't', number: '8001' },
  caller: { sessionId: id, kind: 'normal', since: at },
});
const talking = (id: string, at: number): DomainEvent[] => [
  { ...pbx, type: 'callStarted', at, callId: id, parties: { direction: 'inbound' } },
  { ...pbx, type: 'callLegAnswered', at, callId: id, leg: '301', target: '301', targetKind: 'extension' },
];

describe('lost track after the no-news bound', () => {
  it('closes and counts a caller and a call quiet for over 4 h; a rebuild from the journal agrees', async () => {
    let now = MORNING;
    const storage = openStorage({ dataDir: tempDir() });
    opened.push(storage);
    const hub = createHub({ settings: TEST_SETTINGS, now: () => now, epoch: 'e' });
    const recorder = createRecorder({ journal: storage.journal, hub, now: () => now, logger });
    recorder.ingest([queued('old', MORNING), ...talking('c-old', MORNING)]);
    now = MORNING + 3 * HOUR;
    recorder.ingest([queued('recent', now)]);
    const sweeper = startLostTrackSweep({
      hub,
      ingest: recorder.ingest,
      now: () => now,
      boundMs: 4 * HOUR,
      logger,
    });
    const figures = () => {
      hub.flush();
      return hub.snapshot().state.queues.find((q) => q.id === 't/8001')?.today;
    };

    sweeper.sweep(); // 3 h: nothing is past the bound yet
    expect(figures()).toMatchObject({ offered: 2, lostTrack: 0 });
    expect(liveCalls(hub.state())).toHaveLength(1);

    now = MORNING + 4 * HOUR + 60_000;
    sweeper.sweep();
    sweeper.stop();
    expect(figures()).toMatchObject({ offered: 2, lostTrack: 1, answered: 0, abandoned: 0 });
    expect(hub.state().queues.get('t/8001')?.waiting?.keySeq().toArray()).toEqual(['recent']);
    expect(liveCalls(hub.state())).toEqual([]);
    // Nothing is left to close: the next sweep journals nothing.
    expect(lostTrackFacts(hub.state(), hub.sources(), now, 4 * HOUR)).toEqual([]);

    const live = figures();
    await recorder.whenSettled(() => rebuildFromJournal(storage.journal, hub, TEST_SETTINGS, now));
    expect(figures()).toEqual(live);
    expect(liveCalls(hub.state())).toEqual([]);
  });
});
