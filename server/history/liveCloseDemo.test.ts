import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { reductionSettingsKey, STATE_SCHEMA_VERSION } from '../../lib/domain/checkpoint';
import type { DomainState } from '../../lib/domain/state';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { encodeCheckpoint } from '../checkpoints';
import { type DemoPbxs, playUntil, startEntries } from '../demo/fastForward';
import { demoDailyCurve } from '../demo/plan';
import { DEMO_AUTH, DEMO_PBX_SOURCE } from '../demo/startDemo';
import { createHub } from '../hub/hub';
import { createRecorder } from '../recorder';
import { DEFAULT_DAILY_CURVE } from '../simulator/curve';
import { CallCenterModel } from '../simulator/model';
import { feedModelOptions, SourceFeed } from '../simulator/webhooks/feed';
import { WEBHOOK_KINDS } from '../simulator/webhooks/types';
import { openStorage, type Storage } from '../storage';
import { settingsHash } from '../storage/checkpoints';
import { createDayCloser } from './dayClose';
import { type DayWork, inThreadDayWork, onCloseThread } from './dayWork';
import { storedHistoryRows } from './testing/storedRows';

/**
 * A demo day (the simulated WSI PBX and the three webhook feeds, played through the recorder into a
 * real journal and a real hub, as DEMO=1 plays the day so far), closed live at the roll the hub
 * reports: the day-close thread's close (the day replayed from the day's restart checkpoint and the
 * journal after it, every row made there) stores byte for byte the rows the main-thread path makes
 * from the board's own state of the day's last moment.
 */
const silent = pino({ level: 'silent' });
const H = 3600_000;
const DAY = Date.UTC(2026, 2, 10); // Europe/London = UTC in March before the clocks change
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0)) await f();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-liveclose-demo-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const open = (dataDir: string): Storage =>
  openStorage({ dataDir, journalWriter: 'inline', synchronous: 'normal', logger: silent });

/** Plays the demo's PBXs from 14:00 to 00:30 the next day; the closing state the hub handed over. */
async function playedDemoDay(dataDir: string): Promise<DomainState> {
  const storage = open(dataDir);
  let clock = DAY + 14 * H;
  // The hub's own timers are not needed: the day rolls at the first event after midnight.
  const hub = createHub({
    settings: TEST_SETTINGS,
    now: () => clock,
    epoch: 'demo',
    scheduler: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  let closing: DomainState | null = null;
  hub.onDayClosed((state) => {
    closing = state;
  });
  const recorder = createRecorder({ journal: storage.journal, hub, now: () => clock, logger: silent });
  const shared = {
    timeZone: TEST_SETTINGS.timezone,
    slaSeconds: 20,
    dailyCurve: demoDailyCurve(DEFAULT_DAILY_CURVE),
    runId: (DAY + 14 * H) / 1000,
  };
  const startAt = DAY + 14 * H;
  const pbxs: DemoPbxs = {
    wsi: {
      model: new CallCenterModel({ ...shared, domain: DEMO_AUTH.domain, startAt }),
      source: DEMO_PBX_SOURCE,
    },
    feeds: WEBHOOK_KINDS.map(
      (kind) =>
        new SourceFeed({
          kind,
          token: 'demo-token',
          model: { ...feedModelOptions(kind, { seed: 1, startAt, ...shared }), ...shared },
        }),
    ),
  };
  for (const entry of startEntries(pbxs, startAt)) await recorder.accept(entry);
  await playUntil(pbxs, DAY + 20 * H, recorder.accept);
  // A periodic restart checkpoint at 20:00, as the checkpoint taker leaves one (≤ 5 min old at a roll).
  clock = DAY + 20 * H;
  const position = storage.checkpoints.journalPosition();
  await storage.checkpoints.write(
    {
      createdAt: clock,
      journalId: position.id,
      journalReceivedAt: position.receivedAt,
      schemaVersion: STATE_SCHEMA_VERSION,
      settingsHash: settingsHash(reductionSettingsKey(TEST_SETTINGS)),
      dayStart: DAY,
    },
    (await encodeCheckpoint(hub.state())).parts,
  );
  await playUntil(pbxs, DAY + 24.5 * H, recorder.accept);
  hub.stop();
  await storage.close();
  if (!closing) throw new Error('the demo day did not roll');
  return closing;
}

async function closedLive(
  dataDir: string,
  closing: DomainState,
  work: (s: Storage) => DayWork,
  lines: string[] = [],
) {
  const storage = open(dataDir);
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const dayWork = work(storage);
  const closer = createDayCloser({
    history: storage.history,
    journal: storage.journalDays,
    settings: () => TEST_SETTINGS,
    now: () => DAY + 24 * H,
    journalDays: 30,
    logger,
    work: dayWork,
  });
  await closer.closeLive(closing);
  await dayWork.close();
  await storage.close();
  return storedHistoryRows(join(dataDir, 'callboard.db'));
}

describe('the live close of a demo day', () => {
  it('stores on the day-close thread byte for byte the rows the main-thread path makes', async () => {
    const played = tempDir();
    const closing = await playedDemoDay(played);
    expect(closing.day.start).toBe(DAY);
    const copy = (): string => {
      const dir = tempDir();
      copyFileSync(join(played, 'callboard.db'), join(dir, 'callboard.db'));
      return dir;
    };
    const mainThread = await closedLive(copy(), closing, (s) =>
      inThreadDayWork({ history: s.history, journal: s.journalDays, now: () => DAY + 24 * H }),
    );
    const lines: string[] = [];
    const onThread = await closedLive(
      copy(),
      closing,
      (s) => onCloseThread({ path: s.path, now: () => DAY + 24 * H, logger: silent }),
      lines,
    );
    // The thread started from the 20:00 checkpoint, and the journal's day agreed with the board's.
    const written = JSON.parse(lines.find((l) => l.includes('day closed: history written')) ?? '{}');
    expect(written.checkpoint).toBe(1);
    expect(lines.filter((l) => l.includes('disagreeing'))).toEqual([]);
    expect(mainThread.history_quarters?.length).toBeGreaterThan(100);
    expect(mainThread.history_agent_days?.length).toBeGreaterThan(10);
    expect(mainThread.history_agent_queue_quarters?.length).toBeGreaterThan(100);
    expect(mainThread.history_hours?.length).toBeGreaterThan(20);
    expect(onThread).toEqual(mainThread);
  }, 120_000);
});
