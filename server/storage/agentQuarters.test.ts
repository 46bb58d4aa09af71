import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_FIGURES } from '../../lib/domain/agentDay';
import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../lib/domain/closedDay';
import { openStorage, type Storage } from '.';

const DAY = Date.UTC(2026, 0, 5);
const DAY_MS = 86_400_000;
const Q = 15 * 60_000;

const quarter = (
  d: number,
  bucket: number,
  agent: string,
  queue: string,
  answered: number,
): AgentQuarter => ({
  start: DAY + d * DAY_MS + bucket * Q,
  agent,
  queue,
  figures: {
    ...NO_FIGURES,
    answered,
    handled: answered,
    talkSeconds: 61 * answered,
    holdSeconds: 3,
    wrapSeconds: 9,
    longestTalkSeconds: answered > 0 ? 75 : 0,
  },
  // Known in 8001 (0 included), unknown in the others.
  missed: queue === 't/8001' ? answered % 2 : null,
});
const day = (d: number, agentQuarters: AgentQuarter[]): ClosedDay => ({
  day: `2026-01-0${5 + d}`,
  start: DAY + d * DAY_MS,
  end: DAY + (d + 1) * DAY_MS,
  queues: [],
  agents: [],
  agentQuarters,
});

let dir: string;
let storage: Storage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callboard-agent-quarters-'));
  storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent quarters in the history store (a real SQLite file)', () => {
  it('reads back what it wrote after the file is closed and opened again, in bucket, agent, queue order', async () => {
    const written = [
      quarter(0, 3, 't/101', 't/8001', 2),
      quarter(0, 3, 't/101', 't/8002', 1),
      quarter(0, 3, 't/102', 't/8001', 1),
      quarter(0, 40, 't/101', 't/8001', 0),
    ];
    storage.history.writeDay(day(0, [...written].reverse()), 'live', 1);
    await storage.close();
    storage = openStorage({ dataDir: dir, journalWriter: 'inline' });
    expect(storage.history.agentQuarters(DAY, DAY + DAY_MS)).toEqual(written);
    expect(storage.history.agentQuarterCount(DAY, DAY + DAY_MS)).toBe(4);
    // A range reads by bucket start: [bucket 4, end) holds only the last one.
    expect(storage.history.agentQuarters(DAY + 4 * Q, DAY + DAY_MS)).toEqual([written[3]]);
    const db = new Database(join(dir, 'callboard.db'), { readonly: true });
    try {
      expect(
        db
          .prepare('SELECT missed FROM history_agent_queue_quarters ORDER BY bucket_start, agent, queue')
          .pluck()
          .all(),
      ).toEqual([0, null, 1, 0]);
    } finally {
      db.close();
    }
  });

  it('a recount replaces the day’s quarters whole; other days stay', () => {
    storage.history.writeDay(
      day(0, [quarter(0, 1, 't/101', 't/8001', 3), quarter(0, 2, 't/102', 't/8001', 1)]),
      'live',
      1,
    );
    storage.history.writeDay(day(1, [quarter(1, 1, 't/101', 't/8001', 4)]), 'live', 1);
    storage.history.writeDay(day(0, [quarter(0, 5, 't/101', 't/8002', 5)]), 'recount', 2);
    expect(
      storage.history
        .agentQuarters(DAY, DAY + 2 * DAY_MS)
        .map((q) => [q.start, q.agent, q.queue, q.figures.answered]),
    ).toEqual([
      [DAY + 5 * Q, 't/101', 't/8002', 5],
      [DAY + DAY_MS + Q, 't/101', 't/8001', 4],
    ]);
  });

  it('prunes quarters with the rest of history, by the day they belong to', () => {
    for (let d = 0; d < 3; d++)
      storage.history.writeDay(
        day(d, [quarter(d, 0, 't/101', 't/8001', 1), quarter(d, 95, 't/101', 't/8001', 1)]),
        'live',
        1,
      );
    expect(storage.history.prune(DAY + 2 * DAY_MS).agents).toBe(4);
    expect(storage.history.agentQuarters(0, DAY + 10 * DAY_MS).map((q) => q.start)).toEqual([
      DAY + 2 * DAY_MS,
      DAY + 2 * DAY_MS + 95 * Q,
    ]);
  });
});
