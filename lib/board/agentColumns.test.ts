import { describe, expect, it } from 'vitest';
import type { AgentTodayView } from '../domain/agentView';
import { agentFigureRow, columnValue, sortAgentRows } from './agentColumns';
import { agentTallyOf } from './agentFigures';
import type { AgentSummary } from './agents';

const NOW = Date.UTC(2026, 0, 15, 12, 0);
const today = (answered: number, talk: number, readyMs: number): AgentTodayView => ({
  answered,
  handled: answered,
  talkSeconds: talk,
  holdSeconds: 0,
  wrapSeconds: 0,
  longestTalkSeconds: talk,
  missed: null,
  stateMs: { ready: readyMs, queueCall: 0, otherCall: 0, wrapUp: 0, notReady: 0 },
  countedFrom: NOW - 10_000,
});
const summary = (extension: string, name: string | null, t?: AgentTodayView): AgentSummary => ({
  id: `t/${extension}`,
  extension,
  name,
  queues: [
    { queue: 't/8001', state: 'ready', since: NOW - 10_000, caller: null, ...(t ? { today: t } : {}) },
  ],
});

describe('agent figures table', () => {
  const rows = [
    agentFigureRow(summary('101', 'Ann', today(3, 90, 60_000)), undefined, null, NOW),
    agentFigureRow(summary('102', 'Bob', today(5, 50, 0)), undefined, null, NOW),
    agentFigureRow(summary('103', 'Cy'), undefined, null, NOW),
  ];

  it('sorts by a figure either way, the unknown last both ways', () => {
    expect(sortAgentRows(rows, 'answered', 'descending').map((r) => r.extension)).toEqual([
      '102',
      '101',
      '103',
    ]);
    expect(sortAgentRows(rows, 'answered', 'ascending').map((r) => r.extension)).toEqual([
      '101',
      '102',
      '103',
    ]);
    expect(sortAgentRows(rows, 'agent', 'descending').map((r) => r.extension)).toEqual(['103', '102', '101']);
  });

  it('time in the current state includes the running part up to now', () => {
    expect(columnValue(rows[0] as never, 'ready')).toBe(70);
    expect(columnValue(rows[1] as never, 'ready')).toBe(10);
    expect(columnValue(rows[2] as never, 'ready')).toBeNull();
  });

  it('missed is unknown (null), never 0, where no source reports offers', () => {
    expect(columnValue(rows[0] as never, 'missed')).toBeNull();
  });

  it('the card tally adds counts over queues and divides once', () => {
    expect(
      agentTallyOf([
        { state: 'ready', today: today(3, 90, 0) },
        { state: 'ready', today: today(1, 30, 0) },
      ]),
    ).toEqual({
      answered: 4,
      ahtSeconds: 30,
    });
    expect(agentTallyOf([{ state: 'ready' }])).toBeNull();
  });
});
