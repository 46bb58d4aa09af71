import { describe, expect, it } from 'vitest';
import { type AgentReportRow, nextSort, sortAgentRows } from './agentRows';

const base: Omit<AgentReportRow, 'agent' | 'name' | 'answered' | 'missed'> = {
  period: '2026-12-06T00:00:00+01:00',
  start: 1,
  handled: 0,
  talkSeconds: 0,
  holdSeconds: 0,
  wrapSeconds: 0,
  longestTalkSeconds: 0,
  ahtSeconds: null,
  readyMs: 0,
  queueCallMs: 0,
  otherCallMs: 0,
  wrapUpMs: 0,
  notReadyMs: 0,
  loggedInMs: 0,
};
const rows: AgentReportRow[] = [
  { ...base, agent: 'p/101', name: 'Ann', answered: 5, missed: 2 },
  { ...base, agent: 'p/102', name: null, answered: 9, missed: null },
  { ...base, agent: 'p/103', name: 'Bob', answered: 1, missed: 0 },
];

describe('agent rows order', () => {
  it('numbers either way, unknown last both ways', () => {
    expect(sortAgentRows(rows, { key: 'missed', dir: 'desc' }).map((r) => r.agent)).toEqual([
      'p/101',
      'p/103',
      'p/102',
    ]);
    expect(sortAgentRows(rows, { key: 'missed', dir: 'asc' }).map((r) => r.agent)).toEqual([
      'p/103',
      'p/101',
      'p/102',
    ]);
    expect(sortAgentRows(rows, { key: 'answered', dir: 'desc' }).map((r) => r.answered)).toEqual([9, 5, 1]);
  });

  it('names A→Z (the key when there is no name); a header click flips, a new one starts largest first', () => {
    expect(sortAgentRows(rows, { key: 'agent', dir: 'asc' }).map((r) => r.agent)).toEqual([
      'p/101',
      'p/103',
      'p/102',
    ]);
    expect(nextSort({ key: 'answered', dir: 'desc' }, 'answered')).toEqual({ key: 'answered', dir: 'asc' });
    expect(nextSort({ key: 'answered', dir: 'desc' }, 'talkSeconds')).toEqual({
      key: 'talkSeconds',
      dir: 'desc',
    });
    expect(nextSort({ key: 'answered', dir: 'desc' }, 'agent')).toEqual({ key: 'agent', dir: 'asc' });
  });
});
