import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { liveCalls } from '../domain/view';
import { normalizeThreeCx, type ThreeCxBody } from '../sources/threecx/normalize';
import { fixtureText, flowFiles, queueOf, stateFrom } from '../testing/support';

/**
 * The call flows of seed 003, fed in document order. 3CX sends no timestamps, so each payload is
 * given an arrival time (base + the offset in seconds listed per flow), as the server would stamp it.
 */
const SOURCE = 'tcx';
const BASE = Date.UTC(2026, 2, 10, 9, 0, 0);
const NOW = BASE + 3600_000;

function bodyOf(file: string): ThreeCxBody {
  const text = fixtureText(file).trim();
  if (file.endsWith('.json')) return { encoding: 'json', text };
  return /^https?:\/\//.test(text) ? { encoding: 'text', text } : { encoding: 'form', text };
}

function play(flow: string, offsets: readonly number[]) {
  const files = flowFiles(`seeds/003-3cx-webhooksapi/${flow}`);
  expect(files).toHaveLength(offsets.length);
  const events: DomainEvent[] = [];
  const rejected: string[] = [];
  files.forEach((file, i) => {
    const r = normalizeThreeCx(bodyOf(file), { source: SOURCE, receivedAt: BASE + (offsets[i] ?? 0) * 1000 });
    if (r.ok) events.push(...r.events);
    else rejected.push(file);
  });
  return { state: stateFrom(events, NOW), rejected };
}

const call = (state: ReturnType<typeof play>['state'], id: string) => state.calls.get(`${SOURCE}/${id}`);

describe('3CX WebhooksApi flows (seed 003)', () => {
  it('inbound via queue 820, answered by 202 (the Callerid quote is repaired)', () => {
    const { state, rejected } = play('flow01-inbound-queue-answered', [0, 5, 6, 15, 60, 61]);
    expect(rejected).toEqual([]);
    expect(queueOf(state, `${SOURCE}/820`, NOW).today).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinSla: 1,
      serviceLevel: 1,
      asaSeconds: 10,
      // The doc's end-of-call row carries another call's Id (230307140234_35), so this call's talk
      // time never arrives: AHT stays unknown rather than guessed.
      ahtSeconds: null,
    });
    expect(state.agentsToday.get(`${SOURCE}/202`)).toMatchObject({ answered: 1 });
    expect(call(state, '230307114903_10')?.phase).toBe('connected');
    expect(call(state, '230307140234_35')?.phase).toBe('ended');
  });

  it('queue waiting list and agents stay unknown: 3CX cannot see them', () => {
    const { state } = play('flow01-inbound-queue-answered', [0, 5, 6, 15, 60, 61]);
    const q = queueOf(state, `${SOURCE}/820`, NOW);
    expect(q.waiting).toBeNull();
    expect(q.agents).toBeNull();
    expect(q.today.longestWaitSeconds).toBeNull();
  });

  it('attended transfer: the stay is answered once, by the first operator (117)', () => {
    const { state } = play('flow02-attended-transfer', [0, 4, 5, 12, 40, 41, 60, 70, 71, 72]);
    expect(queueOf(state, `${SOURCE}/820`, NOW).today).toMatchObject({
      offered: 1,
      answered: 1,
      asaSeconds: 8,
      ahtSeconds: 14, // 117's leg: Duration 00:14 until the transfer joined
    });
    expect(state.agentsToday.get(`${SOURCE}/117`)).toMatchObject({ answered: 1, talkSeconds: 14 });
    expect(state.agentsToday.get(`${SOURCE}/204`)).toBeUndefined();
    expect(call(state, '230307142318_40')).toMatchObject({ phase: 'ended' });
  });

  it('blind transfer: answered by 117; 117 talk time is never reported, so AHT stays unknown', () => {
    const { state } = play('flow03-blind-transfer', [0, 4, 5, 12, 30, 35, 80, 81, 82]);
    expect(queueOf(state, `${SOURCE}/820`, NOW).today).toMatchObject({
      offered: 1,
      answered: 1,
      asaSeconds: 8,
      ahtSeconds: null,
    });
    expect(call(state, '230307144544_42')?.phase).toBe('ended');
    expect(liveCalls(state)).toEqual([]);
  });

  it('missed in queue: one abandoned stay, 46 s (not a short abandon)', () => {
    const { state } = play('flow04-inbound-queue-missed', [0, 4, 5, 50]);
    expect(queueOf(state, `${SOURCE}/820`, NOW).today).toMatchObject({
      offered: 1,
      answered: 0,
      abandoned: 1,
      shortAbandoned: 0,
      serviceLevel: 0,
      abandonRate: 1,
      asaSeconds: null,
    });
    expect(call(state, '230307115339_12')).toMatchObject({ phase: 'ended' });
  });

  it('ring groups make calls, not queue stays', () => {
    for (const [flow, offsets, answered] of [
      ['flow05-ring-group-answered', [0, 3, 9, 30, 31], true],
      ['flow06-ring-group-missed', [0, 3, 40], false],
      ['flow07-ring-group-two-phones-answered', [0, 3, 3, 9, 30, 31], true],
      ['flow08-ring-group-two-phones-missed', [0, 3, 3, 40], false],
    ] as const) {
      const { state } = play(flow, offsets);
      expect([...state.queues.keys()]).toEqual([]);
      const calls = [...state.calls.values()];
      expect(calls).toHaveLength(1);
      expect(calls[0]?.phase).toBe('ended');
      expect(calls[0]?.answeredAt !== undefined).toBe(answered);
    }
  });

  it('outbound answered: the broken end-of-call row is rejected, so the call is still shown live', () => {
    const { state, rejected } = play('flow09-outbound-answered', [0, 8, 20, 21]);
    expect(rejected).toEqual([
      'seeds/003-3cx-webhooksapi/flow09-outbound-answered/03-outgoing-end-of-call.json',
    ]);
    expect(call(state, '230307135611_31')).toMatchObject({
      phase: 'connected',
      direction: 'outbound',
      parties: { caller: '117', callee: '05552221133' },
    });
  });

  it('outbound not answered and MAKECALL outbound', () => {
    const missed = play('flow10-outbound-not-answered', [0, 30]).state;
    expect(call(missed, '230307140011_32')).toMatchObject({ phase: 'ended', answeredAt: undefined });
    const makecall = play('flow11-outbound-answered-makecall', [0, 6, 20, 21]).state;
    expect(call(makecall, '230307154408_63')).toMatchObject({
      phase: 'ended',
      parties: { callee: '05552221133' },
    });
  });

  it('form-encoded inbound via queue 804, answered by 102; talk from arrival times (no Duration)', () => {
    const { state } = play('flow13-form-inbound-queue-answered', [0, 3, 4, 10, 30]);
    expect(queueOf(state, `${SOURCE}/804`, NOW).today).toMatchObject({
      offered: 1,
      answered: 1,
      asaSeconds: 7,
      ahtSeconds: 20,
    });
    expect(call(state, '230102104542_15')?.parties.did).toBe('DID-420222000320');
  });

  it('form-encoded missed: the doc gives the end another Id, so it reads as a second, abandoned call', () => {
    const { state } = play('flow14-form-inbound-queue-missed', [0, 3, 4, 60]);
    expect(queueOf(state, `${SOURCE}/804`, NOW).today).toMatchObject({
      offered: 2,
      answered: 0,
      abandoned: 1,
      // The end-only stay's wait is unknown, so it cannot be a short abandon.
      shortAbandoned: 0,
    });
    expect(call(state, '230102104542_15')?.phase).toBe('ringing');
  });
});
