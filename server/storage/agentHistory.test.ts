import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClosedAgent } from '../../lib/domain/agentClose';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { openStorage, type Storage } from '.';
import { closedAgent } from './testing/historyFixtures';

const DAY = Date.UTC(2026, 0, 5);
const DAY_MS = 86_400_000;

const agent = (key: string, answered: number, queues: string[], ready = 1000): ClosedAgent =>
  closedAgent(key, answered, queues, { name: key === 't/101' ? 'Ann Agent' : null, ready });
const day = (d: number, agents: ClosedAgent[]): ClosedDay => ({
  day: `2026-01-0${5 + d}`,
  start: DAY + d * DAY_MS,
  end: DAY + (d + 1) * DAY_MS,
  queues: [],
  agents,
});

let dir: string;
let storage: Storage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callboard-agent-history-'));
  storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent history store (a real SQLite file)', () => {
  it('reads back what it wrote, per agent and queue, after the file is closed and opened again', async () => {
    const written = [agent('t/101', 3, ['t/8001', 't/8002']), agent('t/102', 0, ['t/8001'], 0)];
    storage.history.writeDay(day(0, written), 'live', 1);
    await storage.close();
    storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
    const rows = storage.history.agentDays(DAY, DAY + DAY_MS);
    expect(rows).toEqual(
      written.map((a) => ({
        day: '2026-01-05',
        start: DAY,
        agent: a.agent,
        name: a.name,
        queues: a.queues,
        stateMs: a.stateMs,
      })),
    );
    expect(storage.history.agentDayCount(DAY, DAY + DAY_MS)).toBe(2);
    // Stored in the file, in the v9 tables.
    const db = new Database(join(dir, 'callboard.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM history_agent_queue_days').pluck().get()).toBe(3);
      // Known counts as numbers (0 included), unknown as NULL.
      expect(
        db.prepare('SELECT missed FROM history_agent_queue_days ORDER BY agent, queue').pluck().all(),
      ).toEqual([1, null, 0]);
    } finally {
      db.close();
    }
  });

  it('a second close or a recount of a day replaces its agent rows whole; other days stay', () => {
    storage.history.writeDay(
      day(0, [agent('t/101', 3, ['t/8001']), agent('t/102', 1, ['t/8001'])]),
      'live',
      1,
    );
    storage.history.writeDay(day(1, [agent('t/101', 4, ['t/8001'])]), 'live', 1);
    storage.history.writeDay(day(0, [agent('t/101', 5, ['t/8002'])]), 'recount', 2);
    const rows = storage.history.agentDays(DAY, DAY + 2 * DAY_MS);
    expect(rows.map((r) => [r.day, r.agent, r.queues.map((q) => [q.queue, q.figures.answered])])).toEqual([
      ['2026-01-05', 't/101', [['t/8002', 5]]],
      ['2026-01-06', 't/101', [['t/8001', 4]]],
    ]);
  });

  it('prunes agent days with the queue history, before the cut only', () => {
    for (let d = 0; d < 3; d++) storage.history.writeDay(day(d, [agent('t/101', d, ['t/8001'])]), 'live', 1);
    expect(storage.history.prune(DAY + 2 * DAY_MS)).toEqual({ quarters: 0, days: 0, closed: 2, agents: 4 });
    expect(storage.history.agentDays(0, DAY + 10 * DAY_MS).map((r) => r.day)).toEqual(['2026-01-07']);
  });
});
