import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { liveCalls } from '../domain/view';
import { normalizePortsipWebhook } from '../sources/portsip/webhook';
import { eventsOf, fixtureText, queueOf, stateFrom } from '../testing/support';

/**
 * Seed 000: caller 1888722 dials 18800606 > trunk > IVR 5000 > queue 8000 > agents 102 and 103;
 * 103 answers. The seed's JSON misses one comma; the flow is fed with that comma restored.
 */
const TENANT = '690833127458734080';
const SESSION = '690852418417594368';
const ctx = { source: 'portsip-hook', receivedAt: 1679476900_000 };
const cdrText = fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json').replace(
  '"trunk_name":"AudioCodes"\n',
  '"trunk_name":"AudioCodes",\n',
);
const queue8000: DomainEvent = {
  type: 'queueCreated',
  source: 'portsip-wsi',
  origin: 'portsip-wsi',
  tenant: TENANT,
  at: 1679476800_000,
  queue: { tenant: TENANT, number: '8000' },
};

describe('PortSIP webhook: IVR → queue 8000 → agents 102/103 (seed 000)', () => {
  const cdr = eventsOf(normalizePortsipWebhook(cdrText, ctx));

  it('the seed as printed is rejected, naming where the comma is missing', () => {
    const raw = normalizePortsipWebhook(
      fixtureText('seeds/000-portsip-webhook-event-reference/01-call-cdr.json'),
      ctx,
    );
    expect(raw).toMatchObject({ ok: false });
    // The comma is missing at the end of line 22; the parser notices at the next key, line 23.
    expect(!raw.ok && raw.error).toMatch(/position 629 \(line 23, column 4\)/);
  });

  it('counts one answered stay in queue 8000 with the PBX timestamps', () => {
    const now = 1679476900_000;
    const state = stateFrom([queue8000, ...cdr], now);
    const q = queueOf(state, `${TENANT}/8000`, now);
    expect(q.today).toMatchObject({
      offered: 1,
      answered: 1,
      abandoned: 0,
      shortAbandoned: 0,
      overflowed: 0,
      callbacks: 0,
      answeredWithinSla: 1, // queue leg started 857, agent 103 answered 862: 5 s ≤ 20 s
      serviceLevel: 1,
      abandonRate: 0,
      asaSeconds: 5,
      ahtSeconds: 8, // 103 talked 862 → 870; the target's talk_duration "16" disagrees and is not used
    });
    expect(state.agentsToday.get(`${TENANT}/103`)).toMatchObject({ answered: 1, handled: 1, talkSeconds: 8 });
    expect(state.agentsToday.get(`${TENANT}/102`)).toBeUndefined();
    expect(liveCalls(state)).toEqual([]);
    const call = state.calls.get(`${TENANT}/${SESSION}`);
    expect(call).toMatchObject({
      phase: 'ended',
      final: true,
      parties: { caller: '1888722', did: '18800606' },
    });
  });

  it('without knowing that 8000 is a queue, a CDR yields the call but no queue figures', () => {
    const state = stateFrom(cdr, 1679476900_000);
    expect([...state.queues.keys()]).toEqual([]);
    expect(state.calls.get(`${TENANT}/${SESSION}`)?.phase).toBe('ended');
  });

  it('live target events give the same figures as the CDR, and a late answer does not revive the call', () => {
    const t = (s: number) => String(1679476000 + s);
    const target = (event_type: string, time: string, dest: string) =>
      JSON.stringify({
        event_type,
        time,
        session_id: SESSION,
        tenant_id: TENANT,
        direction: 'in',
        destiantion: dest, // sic, as the seed's table spells it
        caller: '1888722',
      });
    const hooks = [
      target('cdr_target_add', t(851), 'sip:5000@192.168.0.16:8922'),
      target('cdr_target_add', t(857), 'sip:8000@192.168.0.16:8916'),
      target('cdr_target_ringing', t(858), 'sip:102@192.168.0.16:9070'),
      target('cdr_target_ringing', t(858), 'sip:103@192.168.0.16:9530'),
      target('cdr_target_answer', t(862), 'sip:103@192.168.0.16:9530'),
      target('cdr_target_end', t(862), 'sip:8000@192.168.0.16:8916'),
      target('cdr_target_end', t(870), 'sip:103@192.168.0.16:9530'),
    ];
    const live = hooks.flatMap((h) => eventsOf(normalizePortsipWebhook(h, ctx)));
    const now = 1679476900_000;
    const liveOnly = stateFrom([queue8000, ...live], now);
    expect(queueOf(liveOnly, `${TENANT}/8000`, now).today).toMatchObject({
      offered: 1,
      answered: 1,
      asaSeconds: 5,
    });
    const withCdrThenLate = stateFrom([queue8000, ...live, ...cdr, live[4] as DomainEvent], now);
    expect(queueOf(withCdrThenLate, `${TENANT}/8000`, now).today).toMatchObject({
      offered: 1,
      answered: 1,
      ahtSeconds: 8,
    });
    expect(withCdrThenLate.calls.get(`${TENANT}/${SESSION}`)?.phase).toBe('ended');
  });
});
