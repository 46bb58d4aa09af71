import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AlertNotification, Notifier } from '../alerts/notification';
import { openStorage, type Storage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { createFleetWatch } from './watch';

/**
 * The fleet watch over a real SQLite file: a TV down past the threshold is told once, a restart
 * (a new watch on the same file) neither tells it again nor forgets to say it is back.
 */
const newDir = tempDirsRemovedAfterEach();
const MIN = 60_000;
const report = { build: 'b1', page: '/kiosk/all-queues', screen: { width: 1920, height: 1080 }, forMs: 0 };

function recording(): Notifier & { sent: AlertNotification[] } {
  const sent: AlertNotification[] = [];
  return { sent, notify: (n) => sent.push(n) };
}

function watchOver(storage: Storage, clock: { t: number }, notifier: Notifier, leading = true) {
  return createFleetWatch({
    leading,
    displays: storage.displays,
    health: storage.displayHealth,
    notifier,
    now: () => clock.t,
    alertAfterMs: () => 5 * MIN,
    boardName: async () => 'All queues',
    logger: pino({ level: 'silent' }),
  });
}

describe('fleet watch', () => {
  it('tells an outage once, not again after a restart, and says when the TV is back', async () => {
    const dir = newDir();
    const clock = { t: Date.UTC(2026, 11, 7, 9) };
    let storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
    const display = await storage.displays.insert({
      name: 'Lobby',
      boardId: 'all-queues',
      tokenHash: 'h',
      createdAt: clock.t,
    });
    const notifier = recording();
    let watch = watchOver(storage, clock, notifier);

    await watch.connected(display.id, 's1');
    await watch.report(display.id, { ...report, live: true });
    expect((await watch.list())[0]).toMatchObject({
      state: 'live',
      build: 'b1',
      page: '/kiosk/all-queues',
      screens: 1,
    });

    clock.t += MIN;
    await watch.disconnected(display.id, 's1');
    expect((await watch.list())[0]).toMatchObject({ state: 'offline', since: clock.t });
    clock.t += 5 * MIN - 1;
    await watch.evaluate();
    expect(notifier.sent).toEqual([]);
    clock.t += 1;
    await watch.evaluate();
    clock.t += MIN;
    await watch.evaluate();
    expect(notifier.sent.map((n) => [n.kind, n.severity, n.title])).toEqual([
      ['display.offline', 'critical', 'TV “Lobby” offline for 5 min'],
    ]);

    // Restart: a new process on the same file, the TV still away.
    watch.stop();
    await storage.close();
    clock.t += 10 * MIN;
    storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
    watch = watchOver(storage, clock, notifier);
    clock.t += 10 * MIN;
    await watch.evaluate();
    expect(notifier.sent).toHaveLength(1);

    // Back: connected and live again.
    await watch.connected(display.id, 's2');
    await watch.report(display.id, { ...report, live: true });
    expect(notifier.sent.map((n) => n.kind)).toEqual(['display.offline', 'display.back']);
    expect(notifier.sent[1]?.id).toBe(notifier.sent[0]?.id);
    await watch.evaluate();
    expect(notifier.sent).toHaveLength(2);
    watch.stop();
    await storage.close();
  });

  it('not live for longer than the threshold is an outage too; a restart gives TVs time to come back', async () => {
    const clock = { t: Date.UTC(2026, 11, 7, 9) };
    const storage = openStorage({ dataDir: newDir(), journalWriter: 'inline' });
    const a = await storage.displays.insert({
      name: 'A',
      boardId: 'all-queues',
      tokenHash: 'a',
      createdAt: clock.t,
    });
    await storage.displays.touch(a.id, clock.t - 60 * MIN); // seen an hour before this process started
    const b = await storage.displays.insert({
      name: 'B',
      boardId: 'all-queues',
      tokenHash: 'b',
      createdAt: clock.t,
    });
    const notifier = recording();
    const watch = watchOver(storage, clock, notifier);
    await watch.connected(b.id, 'sb');
    await watch.report(b.id, { ...report, live: false, forMs: 2 * MIN });
    clock.t += 3 * MIN;
    await watch.evaluate();
    // A was last seen an hour before this process started: it counts from the start, not from then.
    // B's screen says "not live for 2 min", but counts from its connection (the socket is what we saw).
    expect(notifier.sent).toEqual([]);
    clock.t += 2 * MIN;
    await watch.evaluate();
    expect(notifier.sent.map((n) => [n.kind, n.title]).sort()).toEqual([
      ['display.offline', 'TV “A” offline for 5 min'],
      ['display.offline', 'TV “B” not live for 5 min'],
    ]);
    watch.stop();
    await storage.close();
  });

  it('only the leading watch tells; one taking over reads the outage its predecessor told', async () => {
    const clock = { t: Date.UTC(2026, 11, 7, 9) };
    const storage = openStorage({ dataDir: newDir(), journalWriter: 'inline' });
    const d = await storage.displays.insert({
      name: 'Hall',
      boardId: 'all-queues',
      tokenHash: 'h',
      createdAt: clock.t,
    });
    const notifier = recording();
    const first = watchOver(storage, clock, notifier, false);
    const second = watchOver(storage, clock, notifier, false);
    await first.lead();
    for (const w of [first, second]) {
      await w.connected(d.id, 's1');
      await w.report(d.id, { ...report, live: true });
    }
    clock.t += MIN;
    for (const w of [first, second]) await w.disconnected(d.id, 's1');
    clock.t += 5 * MIN;
    await first.evaluate();
    await second.evaluate();
    expect(notifier.sent.map((n) => n.kind)).toEqual(['display.offline']);
    expect((await second.list())[0]?.notifiedAt).toBe(clock.t);

    // The lease moves: the new watcher knows the outage was told, and says when the TV is back.
    first.follow();
    await second.lead();
    clock.t += MIN;
    await second.evaluate();
    expect(notifier.sent).toHaveLength(1);
    await second.connected(d.id, 's2');
    await second.report(d.id, { ...report, live: true });
    await first.evaluate(); // following: tells nothing
    await second.evaluate();
    expect(notifier.sent.map((n) => n.kind)).toEqual(['display.offline', 'display.back']);
    first.stop();
    second.stop();
    await storage.close();
  });
});
