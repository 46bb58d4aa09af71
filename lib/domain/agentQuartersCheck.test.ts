import { describe, expect, it } from 'vitest';
import type { ClosedAgent } from './agentClose';
import { type AgentQueueFigures, NO_FIGURES, NO_TIME } from './agentDay';
import type { AgentQuarter } from './agentQuarters';
import { quartersAgainstDays } from './agentQuartersCheck';

const AGENT = 't/101';
const QUEUE = 't/8000';
const figures = (talk: number[], longest = Math.max(...talk)): AgentQueueFigures => ({
  ...NO_FIGURES,
  answered: talk.length,
  handled: talk.length,
  talkSeconds: talk.reduce((a, b) => a + b, 0),
  longestTalkSeconds: longest,
});
const quarter = (start: number, talk: number[]): AgentQuarter => ({
  start,
  agent: AGENT,
  queue: QUEUE,
  figures: figures(talk),
  missed: 0,
});
const day = (f: AgentQueueFigures): ClosedAgent[] => [
  { agent: AGENT, name: null, queues: [{ queue: QUEUE, figures: f, missed: 0 }], stateMs: NO_TIME },
];

describe('quartersAgainstDays: the longest talk', () => {
  // The bench's report: a quarter's longest talk 2,533 s, the day row's 526 s, talk sums equal.
  const quarters = [quarter(0, [100, 526]), quarter(900_000, [2533])];

  it('agrees when the quarters’ longest talk is the day’s', () => {
    const q = [quarter(0, [100, 526]), quarter(900_000, [300])];
    expect(quartersAgainstDays(q, day(figures([100, 526, 300])))).toEqual([]);
  });

  it('names a row whose quarter holds a talk longer than the day’s longest, even with equal sums', () => {
    const talks = [100, 526, 2533];
    const dayRow = figures(talks, 526);
    expect(dayRow.talkSeconds).toBe(quarters.reduce((n, q) => n + q.figures.talkSeconds, 0));
    expect(quartersAgainstDays(quarters, day(dayRow))).toEqual([`${AGENT}|${QUEUE}`]);
  });

  it('lets the day keep a longer maximum than its quarters (a visit re-credited to another agent)', () => {
    const talks = [100, 526, 2533];
    expect(quartersAgainstDays(quarters, day(figures(talks, 3000)))).toEqual([]);
  });
});
