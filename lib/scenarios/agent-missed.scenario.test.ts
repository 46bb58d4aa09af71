import { describe, expect, it } from 'vitest';
import { closedAgentsOf } from '../domain/agentClose';
import { missedOffersOf } from '../domain/agentMissed';
import type { DomainEvent } from '../domain/events';
import type { DomainState } from '../domain/state';
import { readJson } from '../json/readJson';
import { normalizePortsipWebhook } from '../sources/portsip/webhook';
import { normalizeThreeCx, type ThreeCxBody } from '../sources/threecx/normalize';
import { normalizeVoipstudio } from '../sources/voipstudio/normalize';
import { eventsOf, fixtureText, flowFiles, stateFrom } from '../testing/support';

/**
 * Missed offers per agent (docs/metrics.md, "Per-agent figures": missed) from the vendors' own
 * payloads: the rings a source reports, counted once whether the live target events or the final
 * CDR reported them; unknown (null) where no source reports rings.
 */
const missedOf = (state: DomainState) =>
  Object.fromEntries(
    closedAgentsOf(state, state.day.end).flatMap((a) =>
      a.queues.map((q) => [`${q.queue} ${a.agent}`, q.missed]),
    ),
  );

describe('PortSIP (seed 000): IVR → queue 8000 → 102 and 103 ring, 103 answers', () => {
  const TENANT = '690833127458734080';
  const SESSION = '690852418417594368';
  const ctx = { source: 'portsip-hook', receivedAt: 1679476900_000 };
  const now = 1679476900_000;
  const queue8000: DomainEvent = {
    type: 'queueCreated',
    source: 'portsip-wsi',
    origin: 'portsip-wsi',
    tenant: TENANT,
    at: 1679476800_000,
    queue: { tenant: TENANT, number: '8000' },
  };
  // The seed misses one comma (portsip-webhook.scenario.test.ts); fed with it restored.
  const cdr = eventsOf(
    normalizePortsipWebhook(
      fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json').replace(
        '"trunk_name":"AudioCodes"\n',
        '"trunk_name":"AudioCodes",\n',
      ),
      ctx,
    ),
  );
  const t = (s: number) => String(1679476000 + s);
  const target = (event_type: string, time: string, dest: string) =>
    eventsOf(
      normalizePortsipWebhook(
        JSON.stringify({
          event_type,
          time,
          session_id: SESSION,
          tenant_id: TENANT,
          direction: 'in',
          destiantion: dest,
          caller: '1888722',
        }),
        ctx,
      ),
    );
  const live = [
    ...target('cdr_target_add', t(851), 'sip:5000@192.168.0.16:8922'),
    ...target('cdr_target_add', t(857), 'sip:8000@192.168.0.16:8916'),
    ...target('cdr_target_ringing', t(858), 'sip:102@192.168.0.16:9070'),
    ...target('cdr_target_ringing', t(858), 'sip:103@192.168.0.16:9530'),
    ...target('cdr_target_answer', t(862), 'sip:103@192.168.0.16:9530'),
    ...target('cdr_target_end', t(862), 'sip:8000@192.168.0.16:8916'),
  ];
  const noAnswer102 = target('cdr_target_noanswer', t(862), 'sip:102@192.168.0.16:9070');

  it('the CDR: 102 rang in the queue stay and did not answer (answered_time "0"); 103 answered', () => {
    const state = stateFrom([queue8000, ...cdr], now);
    expect(missedOf(state)).toEqual({
      [`${TENANT}/8000 ${TENANT}/102`]: 1,
      [`${TENANT}/8000 ${TENANT}/103`]: 0,
    });
    // The IVR's leg (5000) rang before the caller entered the queue: no offer of the queue's.
    expect(missedOffersOf(state).counts.has(`${TENANT}/8000|5000`)).toBe(false);
  });

  it('live target events: a ring still open is no miss yet; the noanswer event makes it one', () => {
    expect(missedOf(stateFrom([queue8000, ...live], now))[`${TENANT}/8000 ${TENANT}/102`]).toBeUndefined();
    expect(missedOf(stateFrom([queue8000, ...live, ...noAnswer102], now))).toMatchObject({
      [`${TENANT}/8000 ${TENANT}/102`]: 1,
    });
  });

  it('counted once: the live noanswer and then the CDR (which replaces the live legs), in any order, repeated', () => {
    const orders = [
      [...live, ...noAnswer102, ...cdr],
      [...cdr, ...live, ...noAnswer102],
      [...live, ...cdr, ...noAnswer102, ...cdr],
    ];
    for (const events of orders)
      expect(missedOf(stateFrom([queue8000, ...events], now))).toEqual({
        [`${TENANT}/8000 ${TENANT}/102`]: 1,
        [`${TENANT}/8000 ${TENANT}/103`]: 0,
      });
  });
});

describe('3CX (seed 003)', () => {
  const SOURCE = 'tcx';
  const BASE = Date.UTC(2026, 2, 10, 9, 0, 0);
  const NOW = BASE + 3600_000;
  function play(flow: string, offsets: readonly number[]) {
    const events: DomainEvent[] = [];
    flowFiles(`seeds/003-3cx-webhooksapi/${flow}`).forEach((file, i) => {
      const text = fixtureText(file).trim();
      const body: ThreeCxBody = file.endsWith('.json')
        ? { encoding: 'json', text }
        : { encoding: 'form', text };
      const r = normalizeThreeCx(body, { source: SOURCE, receivedAt: BASE + (offsets[i] ?? 0) * 1000 });
      if (r.ok) events.push(...r.events);
    });
    return stateFrom(events, NOW);
  }

  it('queue 820 missed: 202’s phone rang and the call ended "Missed": one miss for 202', () => {
    expect(missedOf(play('flow04-inbound-queue-missed', [0, 4, 5, 50]))).toEqual({ 'tcx/820 tcx/202': 1 });
  });

  it('queue 804 answered by 102: known, and 0', () => {
    const files = flowFiles('seeds/003-3cx-webhooksapi/flow13-form-inbound-queue-answered');
    const state = play(
      'flow13-form-inbound-queue-answered',
      files.map((_, i) => [0, 3, 4, 10, 40, 41, 42, 43][i] ?? 50),
    );
    expect(missedOf(state)).toEqual({ 'tcx/804 tcx/102': 0 });
  });
});

describe('VoIPstudio (constructed from seed 004)', () => {
  const NOW = Date.UTC(2021, 3, 28, 12, 0, 0);
  const eventsOfFlow = (folder: string) =>
    flowFiles(`voipstudio/${folder}`).flatMap((file) => {
      const parsed = readJson(fixtureText(file));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return eventsOf(normalizeVoipstudio(parsed.value, { source: 'voip', receivedAt: NOW }));
    });

  it('answered by 1001: known, no miss; missed in queue 500 (1001 rang 10:10:05, the caller hung up 10:10:50): one', () => {
    expect(missedOf(stateFrom(eventsOfFlow('queue-call-answered'), NOW))).toMatchObject({
      'voip/500 voip/1001': 0,
    });
    expect(missedOf(stateFrom(eventsOfFlow('queue-call-missed'), NOW))).toEqual({ 'voip/500 voip/1001': 1 });
  });
});

describe('a source that reports no rings', () => {
  it('WSI queue topics only: missed is unknown (null), never 0', () => {
    const base = { source: 'wsi', origin: 'portsip-wsi', tenant: 't' } as const;
    const at = Date.UTC(2026, 2, 10, 9, 0, 0);
    const queue = { tenant: 't', number: '8001' };
    const state = stateFrom(
      [
        { ...base, type: 'callerQueued', at, queue, caller: { sessionId: 's1', kind: 'normal', since: at } },
        { ...base, type: 'callerAnswered', at: at + 5000, queue, sessionId: 's1', agent: '101' },
      ],
      at + 60_000,
    );
    expect(missedOf(state)).toEqual({ 't/8001 t/101': null });
  });
});
