import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { readJson } from '../json/readJson';
import { normalizeVoipstudio } from '../sources/voipstudio/normalize';
import { eventsOf, fixtureText, flowFiles, queueOf, stateFrom } from '../testing/support';

/** A VoIPstudio queue call answered by 1001 (with hold and wrap-up), then one missed in queue 500. */
const SOURCE = 'voip';
const NOW = Date.UTC(2021, 3, 28, 12, 0, 0);

function eventsOfFlow(folder: string) {
  return flowFiles(`voipstudio/${folder}`).flatMap((file) => {
    const parsed = readJson(fixtureText(file));
    if (!parsed.ok) throw new Error(parsed.error.message);
    return eventsOf(normalizeVoipstudio(parsed.value, { source: SOURCE, receivedAt: NOW }));
  });
}

describe('VoIPstudio queue calls (constructed from seed 004 attributes)', () => {
  const answered = eventsOfFlow('queue-call-answered');
  const missed = eventsOfFlow('queue-call-missed');

  it('answered: 14 s wait, AHT = 180 s talk + 20 s hold + 30 s wrap-up', () => {
    const state = stateFrom(answered, NOW);
    expect(queueOf(state, `${SOURCE}/500`, NOW).today).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinSla: 1,
      serviceLevel: 1,
      asaSeconds: 14,
      ahtSeconds: 230,
    });
    expect(state.agentsToday.get(`${SOURCE}/1001`)).toMatchObject({
      handled: 1,
      talkSeconds: 180,
      holdSeconds: 20,
      wrapSeconds: 30,
    });
  });

  it('then missed: abandoned after 50 s; service level and abandon rate over both calls', () => {
    const state = stateFrom([...answered, ...missed], NOW);
    expect(queueOf(state, `${SOURCE}/500`, NOW).today).toMatchObject({
      offered: 2,
      answered: 1,
      abandoned: 1,
      shortAbandoned: 0,
      serviceLevel: 0.5,
      abandonRate: 0.5,
      asaSeconds: 14,
      ahtSeconds: 230,
      longestWaitSeconds: null, // VoIPstudio cannot see the waiting list
    });
  });

  it('wrap-up reported before the call facts still lands on the visit', () => {
    const isWrap = (e: DomainEvent) => e.type === 'wrapUpStarted' || e.type === 'wrapUpEnded';
    const wrap = answered.filter(isWrap);
    const rest = answered.filter((e) => !isWrap(e));
    const state = stateFrom([...wrap, ...rest], NOW);
    expect(queueOf(state, `${SOURCE}/500`, NOW).today.ahtSeconds).toBe(230);
  });
});
