import { describe, expect, it } from 'vitest';
import { stateFrom } from '../testing/support';
import type { AgentState, DomainEvent } from './events';
import { boardQueue, compareQueue, countByKind, persistent, type QueueReport } from './reconcile';

/** The self-check's comparison (docs/metrics.md, "Drift"): the board's queue against the PBX's report. */
const T = 'tenant-1';
const AT = Date.UTC(2026, 0, 15, 9, 0);
const wsi = { source: 'pbx', origin: 'portsip-wsi', tenant: T } as const;
const ref = { tenant: T, number: '8001', id: 'q-id' };

const snapshot = (waiting: string[], agents: Record<string, AgentState>): DomainEvent => ({
  ...wsi,
  type: 'queueSnapshotted',
  at: AT,
  atArrival: true,
  queue: ref,
  waiting: waiting.map((sessionId) => ({ sessionId, kind: 'normal', since: AT - 10_000 })),
  agents: Object.entries(agents).map(([extension, state]) => ({ extension, state, since: AT - 60_000 })),
});
const report = (waiting: string[], agents: Record<string, AgentState | null>): QueueReport => ({
  queue: ref,
  waiting,
  agents: Object.entries(agents).map(([extension, state]) => ({ extension, state })),
});
const boardOf = (events: DomainEvent[]) => boardQueue(stateFrom(events, AT), wsi, ref);

describe('compareQueue', () => {
  it('finds nothing when the board and the PBX agree', () => {
    const board = boardOf([snapshot(['s1'], { '301': 'ready', '302': 'queueCall' })]);
    expect(compareQueue(board, report(['s1'], { '301': 'ready', '302': 'queueCall' }))).toEqual([]);
  });

  it('a caller on one side only, an agent whose state differs, one missing and one extra', () => {
    const board = boardOf([snapshot(['gone'], { '301': 'ready', '302': 'wrapUp' })]);
    const diffs = compareQueue(board, report(['new'], { '301': 'queueCall', '303': 'ready' }));
    expect(diffs).toEqual([
      { kind: 'waitingCaller', sessionId: 'gone', board: true, pbx: false },
      { kind: 'waitingCaller', sessionId: 'new', board: false, pbx: true },
      { kind: 'agentState', extension: '302', board: 'wrapUp', pbx: null },
      { kind: 'agentState', extension: '301', board: 'ready', pbx: 'queueCall' },
      { kind: 'agentState', extension: '303', board: null, pbx: 'ready' },
    ]);
    expect(countByKind(diffs)).toEqual({ waitingCaller: 2, agentState: 3 });
  });

  it('a report without states (REST membership) compares who is an agent, not their state', () => {
    const board = boardOf([snapshot([], { '301': 'ready', '302': 'wrapUp' })]);
    expect(compareQueue(board, report([], { '301': null, '302': null }))).toEqual([]);
    expect(countByKind(compareQueue(board, report([], { '301': null })))).toEqual({
      waitingCaller: 0,
      agentState: 1,
    });
  });

  it('a queue the board does not know: everything the PBX lists differs', () => {
    expect(countByKind(compareQueue(undefined, report(['s1'], { '301': 'ready' })))).toEqual({
      waitingCaller: 1,
      agentState: 1,
    });
  });

  it('finds the board queue by number or, failing that, by the id a snapshot taught it', () => {
    const state = stateFrom([snapshot(['s1'], {})], AT);
    expect(boardQueue(state, wsi, { id: 'q-id' })?.key).toBe(`${T}/8001`);
    expect(boardQueue(state, wsi, { number: '8001' })?.key).toBe(`${T}/8001`);
    expect(boardQueue(state, wsi, { number: '9999' })).toBeUndefined();
  });
});

describe('persistent', () => {
  it('keeps only what differs both before and after a report read over a while', () => {
    const before = boardOf([snapshot(['s1'], { '301': 'ready' })]);
    // Meanwhile the live feed announced s2 (the report has it) and 301 moved on.
    const after = boardOf([snapshot(['s1', 's2'], { '301': 'queueCall' })]);
    const pbx = report(['s2'], { '301': null, '302': null });
    const diffs = persistent(compareQueue(before, pbx), compareQueue(after, pbx));
    expect(diffs).toEqual([
      { kind: 'waitingCaller', sessionId: 's1', board: true, pbx: false },
      { kind: 'agentState', extension: '302', board: null, pbx: null },
    ]);
  });
});
