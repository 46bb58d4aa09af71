import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallParties, CdrLeg, DomainEvent } from '../../domain/events';
import { hasUndefinedValue, mutatedText, truncatedText } from '../../testing/fuzz';
import { accepted, ignored, type Normalized, rejected } from '../types';
import { normalizePortsipWebhook, readPortsipWebhook } from './webhook';

const CTX = { source: 'pbx-portsip', receivedAt: 1_700_000_000_000 };
const run = (text: string) => normalizePortsipWebhook(text, CTX);

function seedText(file: string): string {
  return readFileSync(new URL(`../../../fixtures/seeds/${file}`, import.meta.url), 'utf8');
}

interface ManifestEntry {
  readonly file: string;
  readonly seed: string;
  readonly knownBroken: boolean;
}
const MANIFEST = (JSON.parse(seedText('manifest.json')) as ManifestEntry[]).filter(
  (e) => e.seed === '000' || e.seed === '001',
);

const CDR_000 = '000-portsip-webhook-event-reference/01-call-cdr.json';
const CDR_001 = '001-portsip-push-cdr/02-call-cdr.json';

/**
 * The doc's call_cdr examples with the one missing comma (after the call-level "trunk_name":"AudioCodes",
 * the first occurrence) inserted. Nothing else is changed; JSON.parse proves that was the only defect.
 */
function withTrunkComma(file: string): string {
  const text = seedText(file);
  const key = '"trunk_name":"AudioCodes"';
  const at = text.indexOf(key) + key.length;
  const fixed = `${text.slice(0, at)},${text.slice(at)}`;
  expect(() => JSON.parse(fixed)).not.toThrow();
  return fixed;
}

// --- the call flow of 000/001: caller 1888722 dials 18800606 > IVR 5000 > queue 8000 > agents 102, 103 --

const TENANT = '690833127458734080';
const SESSION = '690852418417594368';
const ms = (unixSeconds: number) => unixSeconds * 1000;

const cdrLeg = (target: string, start: number, answered: number | undefined, end: number, reason: string) =>
  ({
    target,
    targetKind: 'unknown',
    startedAt: ms(start),
    ringAt: ms(start),
    ...(answered === undefined ? {} : { answeredAt: ms(answered) }),
    endedAt: ms(end),
    endReason: reason,
    statusCode: 0,
    callType: 'normal_call',
  }) satisfies CdrLeg;

const FLOW_LEGS: CdrLeg[] = [
  cdrLeg('5000', 1679476851, 1679476851, 1679476857, 'referred'),
  cdrLeg('8000', 1679476857, 1679476857, 1679476862, 'referred'),
  // answered_time "0" means never answered: no answeredAt at all.
  cdrLeg('102', 1679476858, undefined, 1679476862, 'None'),
  cdrLeg('103', 1679476858, 1679476862, 1679476870, 'None'),
];

const FLOW_CDR: DomainEvent = {
  source: CTX.source,
  origin: 'portsip-webhook',
  tenant: TENANT,
  at: ms(1679476870),
  type: 'callDetailRecorded',
  callId: SESSION,
  // The SIP Call-ID: what a REST CDR of the same call carries too (reduce/callAliases.ts).
  sipCallId: 'b6PEEYEcn5speSovMAybCw..',
  // caller_display_name "" is omitted; 001's `did_cid` is read as did.
  parties: { direction: 'inbound', caller: '1888722', callee: '5000', did: '18800606' },
  startedAt: ms(1679476851),
  answeredAt: ms(1679476851),
  endedAt: ms(1679476870),
  // The example's `ended_reason` (the table says `end_reason`), kept as sent: "callee_disconnect".
  endReason: 'callee_disconnect',
  // "0" (a string at call level); the legs' 0 is a number.
  statusCode: 0,
  legs: FLOW_LEGS,
};

const callStarted001: DomainEvent = {
  source: CTX.source,
  origin: 'portsip-webhook',
  tenant: '798119491077668864',
  at: ms(1705051422),
  type: 'callStarted',
  callId: '798119942409949184',
  sipCallId: 'Q0sXhDgxnowmQp1P9swHLw..',
  // "sip:101@test.io" → "101": 001 sends full SIP URIs where 000 sends bare numbers.
  parties: { direction: 'internal', caller: '101', callerName: 'Tom', callee: '102', calleeName: 'Jason' },
};

/** Every 000 / 001 fixture as it stands in the doc. */
const EXPECTED: Record<string, Normalized> = {
  // The missing comma: the reader names the first character after it (the '"' of "talk_duration").
  [CDR_000]: rejected(
    "invalid JSON: Comma ',' expected after value but got '\"' at position 629 (line 23, column 4)",
  ),
  '001-portsip-push-cdr/01-call-start.json': accepted([callStarted001]),
  // Same defect, followed by "user_data" in 001.
  [CDR_001]: rejected(
    "invalid JSON: Comma ',' expected after value but got '\"' at position 605 (line 22, column 4)",
  ),
  // A bare call target (one element of call_targets) is not a webhook event.
  '001-portsip-push-cdr/03-ivr-call-target-5000.json': rejected('PortSIP webhook body has no event_type'),
};

describe('normalizePortsipWebhook: every 000 / 001 seed fixture', () => {
  it('has an expectation for every manifest 000 / 001 entry, and no expectation without a file', () => {
    expect(MANIFEST).toHaveLength(4);
    expect(Object.keys(EXPECTED).sort()).toStrictEqual(MANIFEST.map((e) => e.file).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    expect(run(seedText(file))).toStrictEqual(expected);
  });

  it.each(Object.keys(EXPECTED))('%s: read once, bad JSON told from bad content', (file) => {
    const text = seedText(file);
    const read = readPortsipWebhook(text, CTX);
    expect(read.result).toStrictEqual(normalizePortsipWebhook(text, CTX));
    // The two doc examples with the missing comma are bad JSON (400); a bare call target is content (422).
    expect(read.malformed).toBe(file === CDR_000 || file === CDR_001);
  });

  it('reports the positions of the missing comma: just after "trunk_name":"AudioCodes"', () => {
    expect(seedText(CDR_000).slice(600, 629)).toBe('"trunk_name":"AudioCodes"\n   ');
    expect(seedText(CDR_000).slice(629)).toMatch(/^"talk_duration"/);
    expect(seedText(CDR_001).slice(605)).toMatch(/^"user_data"/);
  });
});

describe('normalizePortsipWebhook: the call_cdr examples with the missing comma added', () => {
  it('000: the exact callDetailRecorded event, ids as exact strings, times in ms', () => {
    expect(run(withTrunkComma(CDR_000))).toStrictEqual(accepted([FLOW_CDR]));
  });

  it('001: the same event (`did_cid` read as did, no talk_duration)', () => {
    expect(run(withTrunkComma(CDR_001))).toStrictEqual(accepted([FLOW_CDR]));
  });

  it('accepts the duplicate key of 000 (outbound_caller_id "" twice), rejects duplicates that differ', () => {
    // lib/json/readJson (lossless-json) allows a repeated key only with an equal value; it reports the
    // position of the repeated key's first letter.
    const cdr = withTrunkComma(CDR_000).replace('"outbound_caller_id":""', '"outbound_caller_id":"555"');
    const result = run(cdr);
    expect(result).toStrictEqual(
      rejected(
        "invalid JSON: Duplicate key 'outbound_caller_id' encountered at position 387 (line 15, column 5)",
      ),
    );
  });
});

// --- targeted payloads ---------------------------------------------------------------------------

const cdr = (fields: Record<string, unknown>) => {
  const base = JSON.parse(withTrunkComma(CDR_000)) as Record<string, unknown>;
  return JSON.stringify({ ...base, ...fields });
};
const eventOf = (result: Normalized) => (result.ok ? result.events[0] : undefined);

describe('normalizePortsipWebhook: call_cdr details', () => {
  it('reads status_code as a string or a number, at call level and per leg', () => {
    const targets = [
      { destination: 'sip:102@h', status_code: '486' },
      { callee: '103', status_code: 0 },
    ];
    const event = eventOf(run(cdr({ status_code: 0, call_targets: targets })));
    expect(event).toMatchObject({ statusCode: 0, legs: [{ statusCode: 486 }, { statusCode: 0 }] });
  });

  it('answered_time "0" at call level → no answeredAt property (not answeredAt: undefined)', () => {
    const event = eventOf(run(cdr({ answered_time: '0' })));
    expect(event).toBeDefined();
    expect(event).not.toHaveProperty('answeredAt');
  });

  it('prefers end_reason (the table) over ended_reason (the example) when both are sent', () => {
    expect(eventOf(run(cdr({ end_reason: 'caller_disconnected' })))).toMatchObject({
      endReason: 'caller_disconnected',
    });
  });

  it('takes a leg target from `destination`, its misspelling `destiantion`, else from callee', () => {
    const targets = [
      { destiantion: 'sip:104@192.168.0.16:5066' },
      { destination: 'sip:105@h', destiantion: 'sip:999@h' },
      { callee: 'sip:106@test.io' },
    ];
    const event = eventOf(run(cdr({ call_targets: targets })));
    const legs = event?.type === 'callDetailRecorded' ? event.legs : [];
    expect(legs).toStrictEqual([
      { target: '104', targetKind: 'unknown' },
      { target: '105', targetKind: 'unknown' },
      { target: '106', targetKind: 'unknown' },
    ]);
  });

  it('skips a call target without destination or callee, with a warning', () => {
    const result = run(cdr({ call_targets: [{ caller: '1' }, 7, { callee: '103' }] }));
    expect(result).toMatchObject({
      ok: true,
      warnings: [
        'call_targets[0] has no destination or callee; skipped',
        'call_targets[1] has no destination or callee; skipped',
      ],
    });
    expect(eventOf(result)).toMatchObject({ legs: [{ target: '103' }] });
  });

  it('without call_targets → no legs; a non-array call_targets (even null) → rejected', () => {
    const { call_targets: _, ...rest } = JSON.parse(withTrunkComma(CDR_000)) as Record<string, unknown>;
    expect(eventOf(run(JSON.stringify(rest)))).toMatchObject({ legs: [] });
    for (const value of [null, {}, 'x']) {
      expect(run(cdr({ call_targets: value }))).toStrictEqual(
        rejected('call_cdr call_targets is not an array'),
      );
    }
  });

  it('rejects a call_cdr without a usable ended_time (absent, "0", garbage)', () => {
    for (const ended_time of [undefined, '0', 'soon']) {
      expect(run(cdr({ ended_time }))).toStrictEqual(rejected('call_cdr has no usable ended_time'));
    }
  });

  it('keeps bare-number ids (> 2^53) as their exact digits', () => {
    const text = withTrunkComma(CDR_000)
      .replace(`"session_id":"${SESSION}"`, '"session_id":690852418417594369')
      .replace(`"tenant_id":"${TENANT}"`, '"tenant_id":690833127458734081');
    expect(eventOf(run(text))).toMatchObject({ callId: '690852418417594369', tenant: '690833127458734081' });
  });
});

/** A call target event as the 000 table lists its keys (`destiantion` sic). */
const targetPayload = (eventType: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_type: eventType,
    time: '1679476858',
    session_id: SESSION,
    cdr_id: '690852418417594370',
    tenant_id: TENANT,
    direction: 'in',
    destiantion: 'sip:102@192.168.0.16:9070',
    caller: '1888722',
    did: '18800606',
    outbound_caller_id: '',
    ...fields,
  });

const legEvent = (type: string, fields: Record<string, unknown> = {}) => ({
  source: CTX.source,
  origin: 'portsip-webhook',
  tenant: TENANT,
  at: ms(1679476858),
  type,
  callId: SESSION,
  // The full target URI is the leg (two devices of one extension are two legs); its user part the target.
  leg: 'sip:102@192.168.0.16:9070',
  target: '102',
  targetKind: 'unknown',
  ...fields,
});

describe('normalizePortsipWebhook: cdr_target_* events', () => {
  it.each([
    ['cdr_target_add', 'callLegAdded'],
    ['cdr_target_ringing', 'callLegRinging'],
    ['cdr_target_answer', 'callLegAnswered'],
    ['cdr_target_noanswer', 'callLegNotAnswered'],
    ['cdr_target_fail', 'callLegFailed'],
    ['cdr_target_end', 'callLegEnded'],
  ])('%s → %s', (eventType, type) => {
    expect(run(targetPayload(eventType))).toStrictEqual(accepted([legEvent(type)] as DomainEvent[]));
  });

  it('accepts `destination` as well as `destiantion`, preferring `destination`', () => {
    const both = { destination: 'sip:103@192.168.0.16:9530', destiantion: 'sip:999@h' };
    expect(run(targetPayload('cdr_target_ringing', both))).toStrictEqual(
      accepted([
        legEvent('callLegRinging', { leg: 'sip:103@192.168.0.16:9530', target: '103' }),
      ] as DomainEvent[]),
    );
  });

  it('reads a bare number as the leg when that is all the PBX sends', () => {
    expect(eventOf(run(targetPayload('cdr_target_add', { destiantion: 102 })))).toMatchObject({
      leg: '102',
      target: '102',
    });
  });

  it('keeps bare-number session, tenant and time values exact', () => {
    const text =
      '{"event_type":"cdr_target_add","time":1679476858,"session_id":880000000000000001,' +
      '"tenant_id":880000000000000002,"destination":"sip:102@192.168.0.16:9070"}';
    expect(eventOf(run(text))).toMatchObject({
      callId: '880000000000000001',
      tenant: '880000000000000002',
      at: ms(1679476858),
    });
    // Exactly representable as a double, yet still kept as its digits, not "880000000000000000" by luck.
    const round = text.replace('880000000000000001', '880000000000000000');
    expect(eventOf(run(round))).toMatchObject({ callId: '880000000000000000' });
  });

  it('rejects a target event without session_id, time or destination, naming the field', () => {
    expect(run(targetPayload('cdr_target_add', { session_id: undefined }))).toStrictEqual(
      rejected('cdr_target_add has no session_id'),
    );
    expect(run(targetPayload('cdr_target_add', { session_id: '  ' }))).toStrictEqual(
      rejected('cdr_target_add has no session_id'),
    );
    for (const time of [undefined, '0', '', 'yesterday']) {
      expect(run(targetPayload('cdr_target_end', { time }))).toStrictEqual(
        rejected('cdr_target_end has no usable time'),
      );
    }
    expect(run(targetPayload('cdr_target_ringing', { destiantion: undefined }))).toStrictEqual(
      rejected('cdr_target_ringing has no destination (or its misspelling "destiantion")'),
    );
  });

  it('has no tenant when tenant_id is absent', () => {
    expect(eventOf(run(targetPayload('cdr_target_add', { tenant_id: undefined })))).not.toHaveProperty(
      'tenant',
    );
  });
});

describe('normalizePortsipWebhook: call_start and call_update_info', () => {
  const start = JSON.parse(seedText('001-portsip-push-cdr/01-call-start.json')) as Record<string, unknown>;
  const body = (fields: Record<string, unknown>) => JSON.stringify({ ...start, ...fields });
  const partiesOf = (result: Normalized): CallParties | undefined => {
    const e = eventOf(result);
    return e && 'parties' in e ? e.parties : undefined;
  };

  it('call_update_info → callUpdated with the same parties', () => {
    expect(run(body({ event_type: 'call_update_info' }))).toStrictEqual(
      accepted([{ ...callStarted001, type: 'callUpdated' }]),
    );
  });

  it('maps every documented direction; an unknown one → "unknown"', () => {
    const dir = (direction: string) => partiesOf(run(body({ direction })))?.direction;
    expect(['ext', 'in', 'in2out', 'out', 'IN', 'sideways'].map(dir)).toStrictEqual([
      'internal',
      'inbound',
      'inboundToOutbound',
      'outbound',
      'inbound',
      'unknown',
    ]);
  });

  it('reads did and its 001 alias did_cid, preferring did', () => {
    expect(partiesOf(run(body({ did_cid: '18800606' })))?.did).toBe('18800606');
    expect(partiesOf(run(body({ did: '1', did_cid: '2' })))?.did).toBe('1');
  });

  it('omits empty parties fields instead of setting them to undefined', () => {
    const parties = partiesOf(run(body({ callee: '', caller_display_name: '', direction: undefined })));
    expect(parties).toStrictEqual({ caller: '101', calleeName: 'Jason' });
    expect(Object.keys(parties ?? {})).toStrictEqual(['caller', 'calleeName']);
  });

  it('rejects a call_start without session_id or time', () => {
    expect(run(body({ session_id: undefined }))).toStrictEqual(rejected('call_start has no session_id'));
    expect(run(body({ time: undefined }))).toStrictEqual(rejected('call_start has no usable time'));
  });
});

describe('normalizePortsipWebhook: body shapes', () => {
  it('ignores an unknown event_type, whatever it is called', () => {
    for (const type of ['call_transfer', 'constructor', '__proto__', 'toString']) {
      expect(run(JSON.stringify({ event_type: type, session_id: '1' }))).toStrictEqual(
        ignored(`unknown PortSIP event_type "${type}"`),
      );
    }
  });

  it('rejects an empty body', () => {
    expect(run('')).toStrictEqual(rejected('empty body'));
    expect(run(' \r\n\t')).toStrictEqual(rejected('empty body'));
  });

  it('rejects JSON that is not an object', () => {
    for (const text of ['[]', '[{"event_type":"call_cdr"}]', '42', 'null', '"call_cdr"', 'true']) {
      expect(run(text)).toStrictEqual(rejected('PortSIP webhook body is not a JSON object'));
    }
  });

  it('rejects an object without a usable event_type', () => {
    for (const text of ['{}', '{"event_type":""}', '{"event_type":null}', '{"event_type":{}}']) {
      expect(run(text)).toStrictEqual(rejected('PortSIP webhook body has no event_type'));
    }
  });

  it('rejects text that is not JSON, with the position', () => {
    expect(run('event_type=call_cdr')).toStrictEqual(
      rejected("invalid JSON: JSON value expected but got 'e' at position 0 (line 1, column 1)"),
    );
  });
});

// --- totality ------------------------------------------------------------------------------------

const WEBHOOK_TYPES = new Set([
  'callStarted',
  'callUpdated',
  'callLegAdded',
  'callLegRinging',
  'callLegAnswered',
  'callLegNotAnswered',
  'callLegFailed',
  'callLegEnded',
  'callDetailRecorded',
]);

function expectWellFormed(result: Normalized, origin: string, types: ReadonlySet<string>): void {
  if (!result.ok) {
    expect(typeof result.error).toBe('string');
    return;
  }
  for (const event of result.events) {
    expect(types.has(event.type)).toBe(true);
    expect(event).toMatchObject({ source: CTX.source, origin });
    expect(typeof event.at === 'number' && !Number.isNaN(event.at)).toBe(true);
    expect(hasUndefinedValue(event)).toBe(false);
  }
}

describe('normalizePortsipWebhook: totality', () => {
  const fixtures = [
    ...MANIFEST.map((e) => seedText(e.file)),
    withTrunkComma(CDR_000),
    withTrunkComma(CDR_001),
  ];
  const mutated = mutatedText(fixtures);
  const truncated = truncatedText(fixtures);
  const parseable = fixtures.filter(isJson);
  /** A valid fixture with one field (top level or in call_targets[0]) replaced by any JSON value. */
  const reshaped = fc
    .tuple(
      fc.constantFrom(...parseable).map((t) => JSON.parse(t) as Record<string, unknown>),
      fc.constantFrom('event_type', 'session_id', 'time', 'ended_time', 'tenant_id', 'call_targets', 'x'),
      fc.oneof(fc.jsonValue(), fc.constantFrom('toString', '__proto__', 'constructor', '0', '')),
      fc.boolean(),
    )
    .map(([obj, key, value, inTarget]) => {
      const targets = obj.call_targets;
      if (inTarget && Array.isArray(targets) && targets.length > 0) {
        return JSON.stringify({
          ...obj,
          call_targets: [{ ...targets[0], [key]: value }, ...targets.slice(1)],
        });
      }
      return JSON.stringify({ ...obj, [key]: value });
    });
  const input = fc.oneof(
    mutated,
    truncated,
    reshaped,
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );

  it('never throws and returns well-formed results for random, truncated and mutated bodies', () => {
    fc.assert(
      fc.property(input, (text) => {
        expectWellFormed(run(text), 'portsip-webhook', WEBHOOK_TYPES);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
