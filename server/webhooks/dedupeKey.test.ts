import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../lib/domain/events';
import { normalizeAtEdge } from '../../lib/sources';
import { decodeFormFields, decodeJsonFields } from '../../lib/sources/threecx/decodeBody';
import { canonicalJson, eventsDedupeKey, threeCxDedupeKey } from './dedupeKey';

function fieldsOf(decoded: ReturnType<typeof decodeJsonFields>) {
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.fields;
}

const started: DomainEvent = {
  type: 'callStarted',
  source: 'pbx',
  origin: 'portsip-webhook',
  tenant: '798119491077668864',
  at: 1705051422_000,
  callId: '798119942409949184',
  parties: { direction: 'internal', caller: '101', callee: '102' },
} as DomainEvent;

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":["2","1"]},"b":"1"}');
  });

  it('numbers and booleans are their text, strings are trimmed (form bodies have only strings)', () => {
    expect(canonicalJson({ n: 5, s: ' 5 ', t: true })).toBe(canonicalJson({ n: '5', s: '5', t: 'true' }));
  });

  it('writes what the first version wrote, for any value (stored keys must keep matching retries)', () => {
    // The first version, verbatim in behaviour: the reference for keys already in the database.
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const v1 = (value: unknown): string => {
      if (value === null || value === undefined) return 'null';
      if (typeof value === 'string') return JSON.stringify(value.trim());
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
        return JSON.stringify(String(value));
      }
      if (Array.isArray(value)) return `[${value.map((v) => v1(v)).join(',')}]`;
      if (typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const members = Object.keys(record)
          .filter((key) => record[key] !== undefined)
          .sort(compare)
          .map((key) => `${JSON.stringify(key)}:${v1(record[key])}`);
        return `{${members.join(',')}}`;
      }
      return JSON.stringify(String(value));
    };
    fc.assert(
      fc.property(
        fc.anything({ withSparseArray: true, withBigInt: true, withNullPrototype: true }),
        (value) => {
          expect(canonicalJson(value)).toBe(v1(value));
        },
      ),
      { numRuns: 500 },
    );
    const sparse = ['1', '3'];
    sparse.length = 3;
    sparse[2] = '3';
    delete sparse[1];
    expect(canonicalJson(sparse)).toBe('["1",,"3"]');
  });

  it('writes a value nested 100,000 deep without overflowing the stack (it recursed, and threw)', () => {
    let array: unknown = [];
    let object: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      array = [array];
      object = { a: object };
    }
    expect(canonicalJson(array)).toBe(`${'['.repeat(100_001)}${']'.repeat(100_001)}`);
    expect(canonicalJson(object)).toBe(`${'{"a":'.repeat(100_000)}"1"${'}'.repeat(100_000)}`);
  });

  it('a key named __proto__ is an ordinary member', () => {
    const withProto = JSON.parse('{"__proto__": "x", "a": "1"}');
    expect(canonicalJson(withProto)).toBe('{"__proto__":"x","a":"1"}');
  });
});

describe('eventsDedupeKey (PortSIP webhook, VoIPstudio)', () => {
  it('is a sha256 hex digest, stable across calls and key order', () => {
    const key = eventsDedupeKey('pbx', 'portsip-webhook', [started]);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(started).reverse()) as unknown as DomainEvent;
    expect(eventsDedupeKey('pbx', 'portsip-webhook', [reordered])).toBe(key);
  });

  it('differs by source id, kind, and any part of the fact', () => {
    const key = eventsDedupeKey('pbx', 'portsip-webhook', [started]);
    expect(eventsDedupeKey('pbx-2', 'portsip-webhook', [started])).not.toBe(key);
    expect(eventsDedupeKey('pbx', 'voipstudio', [started])).not.toBe(key);
    expect(eventsDedupeKey('pbx', 'portsip-webhook', [{ ...started, at: started.at + 1000 }])).not.toBe(key);
    expect(eventsDedupeKey('pbx', 'portsip-webhook', [started, started])).not.toBe(key);
  });

  it('a PortSIP event re-sent with other whitespace and key order, hours later, has one key', () => {
    const body =
      '{"event_type":"call_start","session_id":"1","cdr_id":"2","tenant_id":"3","caller":"101","callee":"102","direction":"ext","time":"1705051422"}';
    const resent = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(body)).reverse()), null, 4);
    const a = normalizeAtEdge.portsipWebhook(body, { source: 'pbx', receivedAt: 1705051430_000 });
    const b = normalizeAtEdge.portsipWebhook(resent, {
      source: 'pbx',
      receivedAt: 1705051430_000 + 3 * 3600_000,
    });
    if (!a.ok || !b.ok) throw new Error('fixture rejected');
    expect(eventsDedupeKey('pbx', 'portsip-webhook', b.events)).toBe(
      eventsDedupeKey('pbx', 'portsip-webhook', a.events),
    );
  });
});

describe('threeCxDedupeKey', () => {
  const json =
    '{ "Event": "incoming", "Callerid": "+420774852629", "User": "102", "Finishtype": "Ok", "Transfer": "False", "Did": "DID-1", "Id": "230102104542_15-1" }';
  const form =
    'event=incoming&callerid=+420774852629&user=102&finishtype=Ok&transfer=False&did=DID-1&id=230102104542_15-1';

  it('the same event as JSON and as form has one key', () => {
    expect(threeCxDedupeKey('3cx', fieldsOf(decodeFormFields(form)))).toBe(
      threeCxDedupeKey('3cx', fieldsOf(decodeJsonFields(json))),
    );
  });

  it('whitespace, key order and key case do not matter', () => {
    const other =
      '{"Id":"230102104542_15-1","DID":"DID-1","transfer":"False",\n"FINISHTYPE":"Ok","user":"102","CallerID":"+420774852629","event":"incoming"}';
    expect(threeCxDedupeKey('3cx', fieldsOf(decodeJsonFields(other)))).toBe(
      threeCxDedupeKey('3cx', fieldsOf(decodeJsonFields(json))),
    );
  });

  it('the repaired missing quote gives the key of the well-formed payload', () => {
    const broken =
      '{ "Event": "incomingcall_started", "Callerid": 05552221133", "User": "202", "Id": "230307114903_10-1" }';
    const fixed =
      '{ "Event": "incomingcall_started", "Callerid": "05552221133", "User": "202", "Id": "230307114903_10-1" }';
    expect(threeCxDedupeKey('3cx', fieldsOf(decodeJsonFields(broken)))).toBe(
      threeCxDedupeKey('3cx', fieldsOf(decodeJsonFields(fixed))),
    );
  });

  it('any field value, or the source, changes the key', () => {
    const key = threeCxDedupeKey('3cx', fieldsOf(decodeFormFields(form)));
    expect(
      threeCxDedupeKey('3cx', fieldsOf(decodeFormFields(form.replace('user=102', 'user=103')))),
    ).not.toBe(key);
    expect(threeCxDedupeKey('3cx-b', fieldsOf(decodeFormFields(form)))).not.toBe(key);
    // A raw '+' is the caller id's plus (decodeBody), not a space.
    expect(threeCxDedupeKey('3cx', fieldsOf(decodeFormFields(form.replace('+420', '%20420'))))).not.toBe(key);
  });
});
