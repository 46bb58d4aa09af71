import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonValue, readJson } from '../../json/readJson';
import { isObject, type JsonObject } from '../fields';
import { ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { EXPECTED, fact, QUEUE_500, SOURCE, USER_1001 } from './expectations.test-data';
import { normalizeVoipstudio } from './normalize';

const ctx: NormalizeContext = { source: SOURCE, receivedAt: 0 };
const FIXTURES = fileURLToPath(new URL('../../../fixtures/voipstudio/', import.meta.url));
const SEED_FRAGMENT = fileURLToPath(
  new URL('../../../fixtures/seeds/004-voipstudio/01-call-event-fragment.txt', import.meta.url),
);

function parse(text: string): JsonValue {
  const result = readJson(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Every JSON file under fixtures/voipstudio/, as "folder/file.json". */
function fixtureFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.split(sep).join('/'))
    .sort();
}

function fixture(name: string): JsonObject {
  const value = parse(readFileSync(join(FIXTURES, name), 'utf8'));
  if (!isObject(value)) throw new Error(`${name} is not an object`);
  return value;
}

/** A fixture with fields replaced; `undefined` deletes the field. */
function variant(name: string, changes: Record<string, JsonValue | undefined>): JsonObject {
  const copy: JsonObject = { ...fixture(name) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}

const run = (payload: JsonValue): Normalized => normalizeVoipstudio(payload, ctx);
const events = (payload: JsonValue) => {
  const result = run(payload);
  if (!result.ok) throw new Error(result.error);
  return result.events;
};

const INITIAL = 'queue-call-answered/01-call-initial.json';
const RINGING = 'queue-call-answered/02-call-ringing.json';
const HOLD = 'queue-call-answered/04-call-hold.json';
const HANGUP = 'queue-call-answered/06-call-hangup.json';
const WRAP_START = 'queue-call-answered/07-queue-wrapup-start.json';
const MISSED = 'queue-call-missed/03-call-missed.json';
const DTMF = 'misc/01-call-dtmf.json';
const SMS = 'misc/02-sms-received.json';

describe('constructed fixtures', () => {
  it.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    expect(run(fixture(name))).toStrictEqual(expected);
  });

  it('every fixture file has an expectation, and every expectation a file', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(fixtureFiles());
  });

  it('each flow is numbered in delivery order and is one call', () => {
    for (const flow of ['queue-call-answered', 'queue-call-missed']) {
      const hooks = fixtureFiles().filter((f) => f.startsWith(`${flow}/`));
      const times = hooks.map((f) => String(fixture(f).event_time));
      expect(times).toEqual([...times].sort());
      expect(new Set(hooks.map((f) => fixture(f).call_id)).size).toBe(1);
    }
  });
});

describe('the verbatim doc fragment (seed 004)', () => {
  const text = readFileSync(SEED_FRAGMENT, 'utf8');

  it('is not JSON as printed (no braces): the reader reports it', () => {
    const result = readJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toBe('');
  });

  it('wrapped in braces it parses but has no event_name', () => {
    expect(run(parse(`{${text}}`))).toStrictEqual(rejected('missing event_name'));
  });
});

describe('1. payload shape and event_name', () => {
  it.each([null, 'call.initial', 42, true, [], [fixture(INITIAL)]])('rejects non-object %j', (payload) => {
    const result = run(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not a JSON object/);
  });

  it.each<JsonObject>([
    {},
    { event_name: '' },
    { event_name: '  ' },
    { event_name: null },
    { event_name: {} },
  ])('rejects %j as missing event_name', (payload) =>
    expect(run(payload)).toStrictEqual(rejected('missing event_name')),
  );

  it('ignores unknown event names, naming them', () => {
    expect(run(variant(INITIAL, { event_name: 'call.transferred' }))).toStrictEqual(
      ignored('unknown VoIPstudio event "call.transferred"'),
    );
  });

  it('matches event names case-insensitively (decision beyond the brief)', () => {
    expect(run(variant(INITIAL, { event_name: 'CALL.INITIAL' }))).toStrictEqual(run(fixture(INITIAL)));
  });
});

describe('event_time', () => {
  it.each([undefined, null, ''])('missing (%j) → rejected', (value) => {
    expect(run(variant(RINGING, { event_time: value }))).toStrictEqual(rejected('missing event_time'));
  });

  it.each(['yesterday', '2021-02-30 10:00:00', '28/04/2021 10:00:00', 1619604000])(
    'unparseable %j → rejected naming field and value',
    (value) => {
      const result = run(variant(RINGING, { event_time: value }));
      expect(result).toStrictEqual(
        rejected(`event_time ${JSON.stringify(value)} is not a "Y-m-d H:i:s" UTC time`),
      );
    },
  );
});

describe('2. call_id', () => {
  it('keeps a number, a string and a beyond-2^53 number as exact digits', () => {
    expect(events(variant(HOLD, { call_id: 139543232 }))[0]).toMatchObject({ callId: '139543232' });
    expect(events(variant(HOLD, { call_id: ' 139543232 ' }))[0]).toMatchObject({ callId: '139543232' });
    const big = `{"event_name":"call.hold","event_time":"2021-04-28 10:01:00","call_id":98765432109876543210}`;
    expect(events(parse(big))[0]).toMatchObject({ callId: '98765432109876543210' });
  });

  it.each([INITIAL, RINGING, HOLD, HANGUP, MISSED, WRAP_START])('%s without call_id → rejected', (name) => {
    const hook = variant(name, { call_id: undefined });
    expect(run(hook)).toStrictEqual(rejected(`${hook.event_name}: missing call_id`));
  });
});

describe('3. leg target and kind from context', () => {
  const leg = (changes: Record<string, JsonValue | undefined>) => events(variant(RINGING, changes))[1];

  it.each<[Record<string, JsonValue | undefined>, object]>([
    [{ context: 'QUEUE', dst: '500' }, QUEUE_500],
    [{ context: 'LOCAL_USER', destination: 'in' }, USER_1001],
    [{ context: 'LOCAL_USER', destination: undefined }, USER_1001],
    [{ context: 'LOCAL_USER', destination: 'out', src: '1001', dst: '+442035141598' }, USER_1001],
    [{ context: 'local_user' }, USER_1001],
    [{ context: 'IVR' }, { leg: 'IVR:1001', target: '1001', targetKind: 'other' }],
    [{ context: undefined }, { leg: 'UNKNOWN:1001', target: '1001', targetKind: 'other' }],
  ])('%j → %j', (changes, expected) => {
    expect(leg(changes)).toMatchObject({ type: 'callLegRinging', ...expected });
  });

  it('a missing leg target is rejected, naming the field', () => {
    expect(run(variant(INITIAL, { dst: undefined }))).toStrictEqual(
      rejected('call.initial: missing dst (the QUEUE leg target)'),
    );
    expect(run(variant(RINGING, { destination: 'out', src: '' }))).toStrictEqual(
      rejected('call.ringing: missing src (the LOCAL_USER leg target)'),
    );
  });
});

describe('4. parties', () => {
  const parties = (changes: Record<string, JsonValue | undefined>) => {
    const started = events(variant(RINGING, changes))[0];
    return started?.type === 'callStarted' ? started.parties : undefined;
  };

  it('direction: in → inbound, out → outbound, anything else omitted', () => {
    expect(parties({ destination: 'in' })?.direction).toBe('inbound');
    expect(parties({ destination: 'OUT' })?.direction).toBe('outbound');
    expect(parties({ destination: 'internal' })).not.toHaveProperty('direction');
    expect(parties({ destination: undefined })).not.toHaveProperty('direction');
  });

  it.each([
    ['"442035141598" <2035141598>', '442035141598'],
    ['John Smith', 'John Smith'],
    ['"John \\"JS\\" Smith" <1001>', 'John "JS" Smith'],
    ['"John Smith"', 'John Smith'],
    ['John Smith <1001>', 'John Smith'],
    [12345, '12345'],
  ])('name %j → %j', (name, expected) => {
    expect(parties({ src_name: name, dst_name: name })).toMatchObject({
      callerName: expected,
      calleeName: expected,
    });
  });

  it.each(['<2035141598>', '"" <2035141598>', '', null])('empty name %j is omitted', (name) => {
    const p = parties({ src_name: name, dst_name: name });
    expect(p).not.toHaveProperty('callerName');
    expect(p).not.toHaveProperty('calleeName');
  });

  it('omits empty caller and callee', () => {
    expect(parties({ src: '', src_name: undefined, destination: undefined })).toStrictEqual({
      callee: '1001',
      calleeName: 'John Smith',
    });
  });
});

describe('5. mapping', () => {
  it('hold/unhold name the extension only in LOCAL_USER context (src when outbound)', () => {
    expect(events(variant(HOLD, { context: 'QUEUE', dst: '500' }))[0]).not.toHaveProperty('extension');
    expect(events(variant(HOLD, { context: undefined }))[0]).not.toHaveProperty('extension');
    const outbound = { destination: 'out', src: '1001', dst: '+442035141598' };
    expect(events(variant(HOLD, outbound))[0]).toMatchObject({ type: 'callHeld', extension: '1001' });
    const unhold = variant('queue-call-answered/05-call-unhold.json', outbound);
    expect(events(unhold)[0]).toMatchObject({ type: 'callResumed', extension: '1001' });
  });

  it('hangup without connected_at: not answered, no talkSeconds', () => {
    for (const connected_at of [null, undefined, 'not a time']) {
      const [legEnded, ended] = events(variant(HANGUP, { connected_at, duration: 40 }));
      expect(legEnded).toStrictEqual({
        type: 'callLegEnded',
        ...fact('139543232', '10:03:14'),
        ...USER_1001,
      });
      expect(ended).toMatchObject({ type: 'callEnded', answered: false, reason: 'Normal Clearing' });
    }
  });

  it('hangup talkSeconds: integer(duration), omitted when not a non-negative integer', () => {
    expect(events(variant(HANGUP, { duration: '180' }))[0]).toMatchObject({ talkSeconds: 180 });
    for (const duration of [undefined, null, 'long', 12.5, -3]) {
      expect(events(variant(HANGUP, { duration }))[0]).not.toHaveProperty('talkSeconds');
    }
  });

  it('hangup and missed without t_cause omit the reason', () => {
    expect(events(variant(HANGUP, { t_cause: null }))[1]).not.toHaveProperty('reason');
    expect(events(variant(MISSED, { t_cause: undefined }))[1]).toStrictEqual({
      type: 'callEnded',
      ...fact('139543298', '10:10:50'),
      answered: false,
    });
  });

  it('missed in LOCAL_USER context is one phone ringing out: the call goes on', () => {
    const hook = variant(MISSED, { context: 'LOCAL_USER', dst: '1001' });
    expect(events(hook).map((e) => e.type)).toEqual(['callLegNotAnswered']);
    expect(events(hook)[0]).toMatchObject(USER_1001);
  });

  it('unknown call state values do not matter: event_name drives the mapping', () => {
    expect(run(variant(RINGING, { state: 'SOMETHING_NEW' }))).toStrictEqual(run(fixture(RINGING)));
    expect(run(variant(RINGING, { state: undefined }))).toStrictEqual(run(fixture(RINGING)));
  });

  it('DTMF and SMS are ignored even with odd or missing fields', () => {
    const dtmf = ignored('DTMF digits: not a wallboard fact');
    expect(run(variant(DTMF, { event_time: 'garbage', call_id: undefined, context: 7 }))).toStrictEqual(dtmf);
    expect(run({ event_name: 'call.dtmf' })).toStrictEqual(dtmf);
    expect(run({ event_name: 'sms.received', event_time: null })).toStrictEqual(run(fixture(SMS)));
  });
});

describe('5. queue.wrapup', () => {
  const wrap = (changes: Record<string, JsonValue | undefined>) => run(variant(WRAP_START, changes));

  it('state START / END / TIMEOUT (any spelling enumToken accepts)', () => {
    expect(wrap({ state: 'start' })).toStrictEqual(EXPECTED[WRAP_START]);
    expect(events(variant(WRAP_START, { state: 'END' }))[0]).toMatchObject({
      type: 'wrapUpEnded',
      timedOut: false,
    });
    expect(events(variant(WRAP_START, { state: 'Timeout' }))[0]).toMatchObject({ timedOut: true });
  });

  it('other or missing state → rejected naming the value', () => {
    expect(wrap({ state: 'PAUSED' })).toStrictEqual(
      rejected('queue.wrapup: state "PAUSED" is not START, END or TIMEOUT'),
    );
    expect(wrap({ state: 3 })).toStrictEqual(rejected('queue.wrapup: state 3 is not START, END or TIMEOUT'));
    expect(wrap({ state: undefined })).toStrictEqual(
      rejected('queue.wrapup: missing state (START, END or TIMEOUT)'),
    );
  });

  it('extension: dst, src when outbound, whatever the context; missing → rejected', () => {
    expect(events(variant(WRAP_START, { context: 'QUEUE' }))[0]).toMatchObject({ extension: '1001' });
    const outbound = { destination: 'out', src: '1002', dst: '+442035141598' };
    expect(events(variant(WRAP_START, outbound))[0]).toMatchObject({ extension: '1002' });
    expect(wrap({ dst: undefined })).toStrictEqual(
      rejected("queue.wrapup: missing dst (the agent's extension)"),
    );
    expect(wrap({ destination: 'out', src: null })).toStrictEqual(
      rejected("queue.wrapup: missing src (the agent's extension)"),
    );
  });

  it('queue is set only from a queue or queue_number field', () => {
    expect(events(fixture(WRAP_START))[0]).not.toHaveProperty('queue');
    expect(events(variant(WRAP_START, { queue: '500' }))[0]).toMatchObject({ queue: { number: '500' } });
    expect(events(variant(WRAP_START, { queue_number: 500 }))[0]).toMatchObject({ queue: { number: '500' } });
  });
});

describe('never throws', () => {
  const FILES = fixtureFiles().map(fixture);
  const KEYS = [...new Set([...FILES.flatMap(Object.keys), 'queue', 'queue_number'])];
  const odd = fc.oneof(
    fc.jsonValue(),
    fc.anything(),
    fc.constantFrom('', ' ', 'QUEUE', 'LOCAL_USER', 'in', 'out', 'START', 'TIMEOUT', '2021-04-28 10:00:00'),
  );
  const mutated = fc
    .record({
      base: fc.constantFrom(...FILES),
      drop: fc.uniqueArray(fc.constantFrom(...KEYS)),
      replace: fc.dictionary(fc.constantFrom(...KEYS), odd),
    })
    .map(({ base, drop, replace }) => {
      const copy: Record<string, unknown> = { ...base, ...replace };
      for (const key of drop) delete copy[key];
      return copy;
    });

  /** Whatever comes in, the result is a well-formed Normalized. */
  function wellFormed(payload: unknown): void {
    const result = normalizeVoipstudio(payload as JsonValue, ctx);
    if (!result.ok) {
      expect(result.error).toMatch(/\S/);
      // The normalizer's last-resort catch must never be what answered.
      expect(result.error).not.toMatch(/could not be read/);
      return;
    }
    for (const event of result.events) {
      expect(event).toMatchObject({ source: SOURCE, origin: 'voipstudio' });
      expect(Number.isFinite(event.at)).toBe(true);
      expect(event).not.toHaveProperty('tenant');
    }
  }

  it('on random values', () => {
    fc.assert(fc.property(fc.anything(), wellFormed), { seed: 42, numRuns: 2000 });
  });

  it('on fixture objects with fields deleted or replaced', () => {
    fc.assert(fc.property(mutated, wellFormed), { seed: 42, numRuns: 2000 });
  });
});
