import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { eventsOf, queueOf, stateFrom } from '../../testing/support';
import {
  normalizeRestCdr,
  readCdrDiff,
  readCdrReply,
  readSyncToken,
  rfc3339,
  rfc3339Ms,
  syncTokenQuery,
} from './restCdr';
import { normalizePortsipWebhook } from './webhook';

const TENANT = '690833127458734080';
const CTX = { source: 'pbx', tenant: TENANT };
const ms = (unixSeconds: number) => unixSeconds * 1000;

/**
 * Seed 000's call (1888722 → IVR 5000 → queue 8000 → agent 103) as GET /cdrs/{id} would list it: every
 * member the OpenAPI's listCDRs item names, with its `call_id` the seed's SIP Call-ID. The IVR hop is
 * not in a flat REST CDR; `callee` is the queue dialled, `destination` the agent who answered.
 */
const REST_CDR = {
  id: '690852418417594999',
  caller: '1888722',
  caller_domain: '192.168.0.16',
  caller_display_name: '',
  callee: '8000',
  callee_domain: 'test.io',
  callee_display_name: 'Sales',
  started_at: '2023-03-22T09:20:57Z',
  rang_at: '2023-03-22T09:20:58Z',
  answered_at: '2023-03-22T09:21:02Z',
  ended_at: '2023-03-22T09:21:10Z',
  call_id: 'b6PEEYEcn5speSovMAybCw..',
  direction: 'INBOUND_CALL',
  end_reason: 'CALLEE_DISCONNECTED',
  reroute_reason: 'TRANSFER',
  status_code: 0,
  destination: '103',
  outbound_caller_id: 'x',
  did_cid: '18800606',
  trunk: 'AudioCodes',
  duration: 8,
  service_number: '',
  user_data: '',
};

const queue8000: DomainEvent = {
  source: 'pbx',
  origin: 'portsip-wsi',
  tenant: TENANT,
  type: 'queueCreated',
  at: ms(1679476800),
  atArrival: true,
  queue: { tenant: TENANT, number: '8000' },
};

describe('normalizeRestCdr (OpenAPI listCDRs item)', () => {
  it('reads the call as its final record: the queue leg until the answer, the agent’s answered', () => {
    expect(normalizeRestCdr(REST_CDR, CTX)).toStrictEqual({
      ok: true,
      events: [
        {
          type: 'callDetailRecorded',
          source: 'pbx',
          origin: 'portsip-wsi',
          tenant: TENANT,
          at: ms(1679476870),
          callId: 'cdr:690852418417594999',
          sipCallId: 'b6PEEYEcn5speSovMAybCw..',
          parties: {
            direction: 'inbound',
            caller: '1888722',
            callee: '8000',
            calleeName: 'Sales',
            did: '18800606',
          },
          startedAt: ms(1679476857),
          answeredAt: ms(1679476862),
          endedAt: ms(1679476870),
          endReason: 'CALLEE_DISCONNECTED',
          statusCode: 0,
          legs: [
            {
              target: '8000',
              targetKind: 'unknown',
              startedAt: ms(1679476857),
              ringAt: ms(1679476858),
              endedAt: ms(1679476862),
              statusCode: 0,
            },
            {
              target: '103',
              targetKind: 'unknown',
              startedAt: ms(1679476858),
              answeredAt: ms(1679476862),
              endedAt: ms(1679476870),
              endReason: 'CALLEE_DISCONNECTED',
              statusCode: 0,
            },
          ],
        },
      ],
    });
  });

  it('gives the queue an answered stay, or an abandoned one when nobody answered', () => {
    const answered = stateFrom([queue8000, ...eventsOf(normalizeRestCdr(REST_CDR, CTX))], ms(1679477000));
    expect(queueOf(answered, `${TENANT}/8000`, ms(1679477000)).today).toMatchObject({
      offered: 1,
      answered: 1,
    });
    const { answered_at: _a, destination: _d, ...unanswered } = REST_CDR;
    const left = stateFrom([queue8000, ...eventsOf(normalizeRestCdr(unanswered, CTX))], ms(1679477000));
    expect(queueOf(left, `${TENANT}/8000`, ms(1679477000)).today).toMatchObject({
      offered: 1,
      abandoned: 1,
    });
  });

  it('is the same call as seed 000’s webhook CDR (one SIP Call-ID): counted once, either order', () => {
    const seed = readFileSync(
      new URL(
        '../../../fixtures/seeds/000-portsip-webhook-event-reference/01-call-cdr.json',
        import.meta.url,
      ),
      'utf8',
    );
    const key = '"trunk_name":"AudioCodes"';
    const at = seed.indexOf(key) + key.length;
    const webhook = eventsOf(
      normalizePortsipWebhook(`${seed.slice(0, at)},${seed.slice(at)}`, {
        source: 'pbx-hook',
        receivedAt: ms(1679476871),
      }),
    );
    const rest = eventsOf(normalizeRestCdr(REST_CDR, CTX));
    for (const events of [
      [...webhook, ...rest],
      [...rest, ...webhook],
    ]) {
      const st = stateFrom([queue8000, ...events], ms(1679477000));
      expect(queueOf(st, `${TENANT}/8000`, ms(1679477000)).today.offered).toBe(1);
    }
  });

  it('rejects a CDR without an id or a usable ended_at, naming it', () => {
    const { id: _id, ...noId } = REST_CDR;
    expect(normalizeRestCdr(noId, CTX)).toStrictEqual({ ok: false, error: 'REST CDR has no id' });
    expect(normalizeRestCdr({ ...REST_CDR, ended_at: 'yesterday' }, CTX)).toStrictEqual({
      ok: false,
      error: 'REST CDR 690852418417594999 has no usable ended_at',
    });
  });
});

describe('sync-token diff messages', () => {
  it('asks for a token from a time in RFC 3339, whole seconds, UTC', () => {
    expect(syncTokenQuery(Date.UTC(2026, 11, 7, 9, 12, 5, 700))).toEqual({
      date_from: '2026-12-07T09:12:05Z',
    });
    expect(rfc3339Ms(rfc3339(Date.UTC(2026, 11, 7, 9, 12, 5)))).toBe(Date.UTC(2026, 11, 7, 9, 12, 5));
    expect(rfc3339Ms('2026-12-07T10:12:05+01:00')).toBe(Date.UTC(2026, 11, 7, 9, 12, 5));
    expect(rfc3339Ms('07/12/2026')).toBeUndefined();
  });

  it('reads the token reply, the diff and a CDR reply in the OpenAPI’s shapes; anything else is undefined', () => {
    expect(readSyncToken('{"token":"RQ2dX9ZC7VuWlVpXXvad2dL3lyhjnN-7eOw95wXymoo."}')).toBe(
      'RQ2dX9ZC7VuWlVpXXvad2dL3lyhjnN-7eOw95wXymoo.',
    );
    expect(readSyncToken('{"errors":[]}')).toBeUndefined();
    expect(
      readCdrDiff(
        JSON.stringify({
          token: 'next',
          items: [
            {
              id: '1',
              change_type: 'CREATED',
              items: [{ caller: '1888722', ended_at: '2023-03-22T09:21:10Z' }],
            },
            { id: 2, change_type: 'UPDATED' },
            { id: '3', change_type: 'DELETED' },
            { change_type: 'CREATED' },
          ],
        }),
      ),
    ).toEqual({
      token: 'next',
      changes: [
        { id: '1', change: 'created', endedAt: ms(1679476870) },
        { id: '2', change: 'updated' },
        { id: '3', change: 'deleted' },
      ],
    });
    expect(readCdrDiff('[]')).toBeUndefined();
    expect(readCdrDiff('not json')).toBeUndefined();
    expect(readCdrReply(JSON.stringify({ items: [REST_CDR] }))?.id).toBe(REST_CDR.id);
    expect(readCdrReply(JSON.stringify(REST_CDR))?.id).toBe(REST_CDR.id);
    expect(readCdrReply('{"items":[]}')).toBeUndefined();
  });
});
