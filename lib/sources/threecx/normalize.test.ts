import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallParties, DomainEvent, LegTargetKind } from '../../domain/events';
import { mutatedText } from '../../testing/fuzz';
import { accepted, ignored, type Normalized, rejected } from '../types';
import { normalizeThreeCx, type ThreeCxBody } from './normalize';
import { repairMissingOpeningQuotes } from './repairJson';

const CTX = { source: 'pbx-3cx', receivedAt: 1_700_000_000_000 };
const SEED_DIR = '003-3cx-webhooksapi';

function seedText(file: string): string {
  return readFileSync(new URL(`../../../fixtures/seeds/${file}`, import.meta.url), 'utf8');
}

interface ManifestEntry {
  readonly file: string;
  readonly seed: string;
  readonly encoding: 'json' | 'form' | 'url' | 'fragment';
}
const MANIFEST_3CX = (JSON.parse(seedText('manifest.json')) as ManifestEntry[]).filter(
  (e) => e.seed === '003',
);

/** The manifest's `url` encoding is the bare recording URL, which arrives as text/plain. */
function bodyOf(entry: ManifestEntry): ThreeCxBody {
  const text = seedText(entry.file);
  if (entry.encoding === 'json') return { encoding: 'json', text };
  if (entry.encoding === 'form') return { encoding: 'form', text };
  return { encoding: 'text', text };
}

const run = (encoding: ThreeCxBody['encoding'], text: string) => normalizeThreeCx({ encoding, text }, CTX);

// --- expectation builders: literal arguments, one event each ------------------------------------

const fact = (callId: string) =>
  ({ source: CTX.source, origin: '3cx', at: CTX.receivedAt, atArrival: true, callId }) as const;
const started = (callId: string, parties: CallParties): DomainEvent => ({
  ...fact(callId),
  type: 'callStarted',
  parties,
});
const leg = (
  type: 'callLegRinging' | 'callLegAnswered' | 'callLegAdded',
  callId: string,
  legId: string,
  target: string,
  targetKind: LegTargetKind,
): DomainEvent => ({ ...fact(callId), type, leg: legId, target, targetKind });
const legEnded = (
  callId: string,
  legId: string,
  target: string,
  targetKind: LegTargetKind,
  transferred: boolean,
  talkSeconds?: number,
): DomainEvent => ({
  ...fact(callId),
  type: 'callLegEnded',
  leg: legId,
  target,
  targetKind,
  transferred,
  ...(talkSeconds === undefined ? {} : { talkSeconds }),
});
const callEnded = (callId: string, answered: boolean, reason: string): DomainEvent => ({
  ...fact(callId),
  type: 'callEnded',
  answered,
  reason,
});

const JSON_CALLER = '05552221133';
const FORM_CALLER = '420774852629';
const FORM_DID = 'DID-420222000320';
const IN_JSON: CallParties = { direction: 'inbound', caller: JSON_CALLER };
const IN_FORM: CallParties = { direction: 'inbound', caller: FORM_CALLER, did: FORM_DID };
const OUT_JSON: CallParties = { direction: 'outbound', caller: '117', callee: JSON_CALLER };
const OUT_FORM: CallParties = { direction: 'outbound', caller: '102', callee: FORM_CALLER };

const ring = (id: string, p: CallParties, user: string, kind: LegTargetKind) =>
  accepted([started(id, p), leg('callLegRinging', id, user, user, kind)]);
const pickUp = (id: string, p: CallParties, user: string) =>
  accepted([started(id, p), leg('callLegAnswered', id, user, user, 'extension')]);
const dial = (id: string, p: CallParties, target: string) =>
  accepted([started(id, p), leg('callLegAdded', id, 'out', target, 'other')]);
const outAnswered = (id: string, p: CallParties, target: string) =>
  accepted([started(id, p), leg('callLegAnswered', id, 'out', target, 'other')]);
const endIn = (id: string, user: string, finish: 'Ok' | 'Missed', talk?: number) =>
  accepted([legEnded(id, user, user, 'unknown', false, talk), callEnded(id, finish === 'Ok', finish)]);
const endOut = (id: string, target: string, finish: 'Ok' | 'Missed', talk?: number) =>
  accepted([legEnded(id, 'out', target, 'other', false, talk), callEnded(id, finish === 'Ok', finish)]);
const RECORDING = ignored('recording ready: not a wallboard fact');

/** Every 3CX fixture, by folder and file. The doc's own inconsistent Ids are followed as sent. */
const EXPECTED: Record<string, Record<string, Normalized>> = {
  'flow01-inbound-queue-answered': {
    '01-ringing-ivr.json': ring('230307114903_10', IN_JSON, '800', 'other'),
    '02-ringing-queue.json': ring('230307114903_10', IN_JSON, '820', 'queue'),
    '03-ringing-phone.json': ring('230307114903_10', IN_JSON, '202', 'extension'),
    '04-incomingcall-started-operator-answers.json': accepted(
      [
        started('230307114903_10', IN_JSON),
        leg('callLegAnswered', '230307114903_10', '202', '202', 'extension'),
      ],
      ['repaired missing opening quote before 05552221133 at position 47'],
    ),
    '05-incoming-end-of-call.json': endIn('230307140234_35', '202', 'Ok', 6),
    '06-recording-ready.json': RECORDING,
  },
  'flow02-attended-transfer': {
    '01-ringing-ivr.json': ring('230307142318_40', IN_JSON, '800', 'other'),
    '02-ringing-queue.json': ring('230307142318_40', IN_JSON, '820', 'queue'),
    '03-ringing-phone.json': ring('230307142318_40', IN_JSON, '117', 'extension'),
    '04-incomingcall-started-operator-answers.json': pickUp('230307142318_40', IN_JSON, '117'),
    '05-incomingcall-started-attended-transfer-success.json': pickUp('230307142318_40', IN_JSON, '204'),
    '06-ringing-calling-2nd-ext-attended.json': ring('230307142318_40', IN_JSON, '204', 'extension'),
    // Transfer "True": the leg ends, the call does not.
    '07-incoming-joining-calls-success.json': accepted([
      legEnded('230307142318_40', '117', '117', 'unknown', true, 14),
    ]),
    '08-incoming-end-of-call.json': endIn('230307142318_40', '204', 'Ok', 6),
    '09-recording-ready-1st-ext.json': RECORDING,
    '10-recording-ready-2nd-ext.json': RECORDING,
  },
  'flow03-blind-transfer': {
    '01-ringing-ivr.json': ring('230307144544_42', IN_JSON, '800', 'other'),
    '02-ringing-queue.json': ring('230307144544_42', IN_JSON, '820', 'queue'),
    '03-ringing-phone.json': ring('230307144544_42', IN_JSON, '117', 'extension'),
    '04-incomingcall-started-operator-answers.json': pickUp('230307144544_42', IN_JSON, '117'),
    '05-ringing-calling-2nd-ext-blind.json': ring('230307144544_42', IN_JSON, '204', 'extension'),
    '06-incomingcall-started-2nd-operator-answers.json': pickUp('230307144544_42', IN_JSON, '204'),
    '07-incoming-end-of-call.json': endIn('230307144544_42', '204', 'Ok', 4),
    '08-recording-ready-2nd-ext.json': RECORDING,
    '09-recording-ready-1st-ext.json': RECORDING,
  },
  'flow04-inbound-queue-missed': {
    '01-ringing-ivr.json': ring('230307115339_12', IN_JSON, '800', 'other'),
    '02-ringing-queue.json': ring('230307115339_12', IN_JSON, '820', 'queue'),
    '03-ringing-phone.json': ring('230307115339_12', IN_JSON, '202', 'extension'),
    '04-incoming-end-of-call.json': endIn('230307115339_12', '820', 'Missed'),
  },
  'flow05-ring-group-answered': {
    '01-ringing-ivr.json': ring('230307150805_46', IN_JSON, '800', 'other'),
    '02-ringing-ring-group-117.json': ring('230307150805_46', IN_JSON, '117', 'extension'),
    '03-incomingcall-started-operator-answers.json': pickUp('230307150805_46', IN_JSON, '117'),
    '04-incoming-end-of-call.json': endIn('230307150805_46', '117', 'Ok', 4),
    '05-recording-ready.json': RECORDING,
  },
  'flow06-ring-group-missed': {
    '01-ringing-ivr.json': ring('230307152031_50', IN_JSON, '800', 'other'),
    '02-ringing-ring-group-117.json': ring('230307152031_50', IN_JSON, '117', 'extension'),
    '03-incoming-end-of-call.json': endIn('230307152031_50', '117', 'Missed'),
  },
  'flow07-ring-group-two-phones-answered': {
    '01-ringing-ivr.json': ring('230307151412_47', IN_JSON, '800', 'other'),
    '02-ringing-ring-group-117.json': ring('230307151412_47', IN_JSON, '117', 'extension'),
    '03-ringing-ring-group-204.json': ring('230307151412_47', IN_JSON, '204', 'extension'),
    '04-incomingcall-started-operator-answers.json': pickUp('230307151412_47', IN_JSON, '117'),
    '05-incoming-end-of-call.json': endIn('230307151412_47', '117', 'Ok', 5),
    '06-recording-ready.json': RECORDING,
  },
  'flow08-ring-group-two-phones-missed': {
    '01-ringing-ivr.json': ring('230307152319_52', IN_JSON, '800', 'other'),
    '02-ringing-ring-group-117.json': ring('230307152319_52', IN_JSON, '117', 'extension'),
    '03-ringing-ring-group-204.json': ring('230307152319_52', IN_JSON, '204', 'extension'),
    '04-incoming-end-of-call.json': endIn('230307152319_52', '204', 'Missed'),
  },
  'flow09-outbound-answered': {
    '01-dialing-number.json': dial('230307135611_31', OUT_JSON, JSON_CALLER),
    '02-outgoingcall-started-subscriber-responds.json': outAnswered('230307135611_31', OUT_JSON, JSON_CALLER),
    // `"Id": 30307135611_31-1"` is not repaired: not digits only, and its leading '2' is lost.
    '03-outgoing-end-of-call.json': rejected(
      "invalid JSON: Comma ',' expected after value but got '_' at position 155 (line 1, column 156)",
    ),
    '04-recording-ready.json': RECORDING,
  },
  'flow10-outbound-not-answered': {
    '01-dialing-number.json': dial('230307140011_32', OUT_JSON, JSON_CALLER),
    '02-outgoing-end-of-call.json': endOut('230307140011_32', JSON_CALLER, 'Missed'),
  },
  'flow11-outbound-answered-makecall': {
    '01-dialing-number.json': dial('230307154408_63', OUT_JSON, JSON_CALLER),
    // Callerid "MAKECALL": no callee, leg target 'unknown'.
    '02-outgoingcall-started-subscriber-responds.json': outAnswered(
      '230307154408_63',
      { direction: 'outbound', caller: '117' },
      'unknown',
    ),
    '03-outgoing-end-of-call.json': endOut('230307154408_63', JSON_CALLER, 'Ok', 4),
    '04-recording-ready.json': RECORDING,
  },
  'flow12-outbound-hung-up-by-extension': {
    '01-dialing-number.json': dial('230307155208_64', OUT_JSON, JSON_CALLER),
    '02-outgoing-extension-hangs-up.json': endOut('230307155409_66', JSON_CALLER, 'Missed'),
  },
  // Form variant: Did is sent; no Duration (the title's "(0:07)" is free text and not parsed).
  'flow13-form-inbound-queue-answered': {
    '01-ringing-ivr.txt': ring('230102104542_15', IN_FORM, '800', 'other'),
    '02-ringing-queue.txt': ring('230102104542_15', IN_FORM, '804', 'queue'),
    '03-ringing-phone.txt': ring('230102104542_15', IN_FORM, '102', 'extension'),
    '04-hangupincoming-operator-answers.txt': pickUp('230102104542_15', IN_FORM, '102'),
    '05-incoming-end-of-call.txt': endIn('230102104542_15', '102', 'Ok'),
  },
  'flow14-form-inbound-queue-missed': {
    '01-ringing-ivr.txt': ring('230102104542_15', IN_FORM, '800', 'other'),
    '02-ringing-queue.txt': ring('230102104542_15', IN_FORM, '804', 'queue'),
    '03-ringing-phone.txt': ring('230102104542_15', IN_FORM, '102', 'extension'),
    '04-incoming-end-of-call.txt': endIn('230102154720_16', '804', 'Missed'),
  },
  'flow15-form-outbound-answered-bare-recording-url': {
    '01-dialing-number.txt': dial('230102184431_17', OUT_FORM, FORM_CALLER),
    '02-hangupoutgoing-subscriber-responds.txt': outAnswered('230102185935_18', OUT_FORM, FORM_CALLER),
    '03-outgoing-end-of-call.txt': endOut('230102185935_18', FORM_CALLER, 'Ok'),
    '04-recording-ready-bare-url.txt': RECORDING,
  },
  'flow16-form-outbound-missed': {
    '01-dialing-number.txt': dial('230102184431_17', OUT_FORM, FORM_CALLER),
    '02-outgoing-end-of-call.txt': endOut('230102184431_17', FORM_CALLER, 'Missed'),
  },
};

const EXPECTED_FILES = Object.entries(EXPECTED).flatMap(([flow, files]) =>
  Object.entries(files).map(([file, expected]) => ({ path: `${SEED_DIR}/${flow}/${file}`, expected })),
);

describe('normalizeThreeCx: every 3CX seed fixture', () => {
  it('has an expectation for every manifest 003 entry, and no expectation without a file', () => {
    expect(MANIFEST_3CX).toHaveLength(74);
    expect(EXPECTED_FILES.map((e) => e.path).sort()).toStrictEqual(MANIFEST_3CX.map((e) => e.file).sort());
  });

  it.each(EXPECTED_FILES)('$path', ({ path, expected }) => {
    const entry = MANIFEST_3CX.find((e) => e.file === path);
    expect(entry).toBeDefined();
    if (entry) expect(normalizeThreeCx(bodyOf(entry), CTX)).toStrictEqual(expected);
  });
});

const RINGING_202: Normalized = ring('230307114903_10', IN_JSON, '202', 'extension');

describe('normalizeThreeCx: body shapes', () => {
  it('reads keys and event names case-insensitively (JSON and form)', () => {
    const json =
      '{"EVENT":"Ringing","callerID":"05552221133","uSeR":"202","UserType":"EXT","DID":"","iD":"230307114903_10-0"}';
    expect(run('json', json)).toStrictEqual(RINGING_202);
    const form = 'Event=RINGING&CallerId=05552221133&USER=202&usertype=Ext&Did=&ID=230307114903_10-0';
    expect(run('form', form)).toStrictEqual(RINGING_202);
  });

  it('takes the first of two keys that differ only in case', () => {
    const json =
      '{"Event":"ringing","event":"dialing","Callerid":"05552221133","User":"202","Usertype":"ext","Id":"230307114903_10-0"}';
    expect(run('json', json)).toStrictEqual(RINGING_202);
  });

  it('reads a GET query string, percent-decoding values and tolerating a leading "?"', () => {
    const query =
      'event=ringing&callerid=%2B420774852629&user=102&usertype=queue&did=DID-420222000320&id=230102104542_15-0';
    const expected = ring(
      '230102104542_15',
      { direction: 'inbound', caller: '+420774852629', did: FORM_DID },
      '102',
      'queue',
    );
    expect(run('form', query)).toStrictEqual(expected);
    expect(run('form', `?${query}`)).toStrictEqual(expected);
  });

  it('reads a raw "+" in a form value as a literal plus: the add-on does not percent-encode', () => {
    const result = run('form', 'event=dialing&callerid=+420774852629&user=102&id=1-0');
    expect(result).toStrictEqual(
      dial('1', { direction: 'outbound', caller: '102', callee: '+420774852629' }, '+420774852629'),
    );
  });

  it('ignores a bare http(s) recording URL in a text body, rejects any other text', () => {
    expect(run('text', '  https://pbx.example:5001/webapi/recording/1-1-1.mp3\n')).toStrictEqual(RECORDING);
    expect(run('text', 'http://pbx/rec.wav')).toStrictEqual(RECORDING);
    for (const text of ['ftp://pbx/rec.mp3', 'event=recording', 'https://pbx/a b.mp3']) {
      expect(run('text', text)).toStrictEqual(rejected('text/plain body is not a recording URL'));
    }
  });

  it('rejects an empty body in every encoding', () => {
    for (const encoding of ['json', 'form', 'text'] as const) {
      expect(run(encoding, '')).toStrictEqual(rejected('empty body'));
      expect(run(encoding, ' \r\n\t')).toStrictEqual(rejected('empty body'));
    }
  });

  it('rejects JSON that is not an object', () => {
    expect(run('json', '[{"Event":"ringing"}]')).toStrictEqual(
      rejected('3CX JSON body is not an object (got array)'),
    );
    expect(run('json', '42')).toStrictEqual(rejected('3CX JSON body is not an object (got number)'));
    expect(run('json', 'null')).toStrictEqual(rejected('3CX JSON body is not an object (got null)'));
    expect(run('json', '"ringing"')).toStrictEqual(rejected('3CX JSON body is not an object (got string)'));
  });
});

describe('normalizeThreeCx: the missing-opening-quote repair', () => {
  it('repairs a bare digit run closed by a quote, keeping leading zeros and "+", one warning each', () => {
    const json = '{"Event":"ringing","Callerid": +0420774852629" ,"User":202","Usertype":"ext","Id":"9-0"}';
    expect(run('json', json)).toStrictEqual(
      accepted(
        [
          started('9', { direction: 'inbound', caller: '+0420774852629' }),
          leg('callLegRinging', '9', '202', '202', 'extension'),
        ],
        [
          'repaired missing opening quote before +0420774852629 at position 31',
          'repaired missing opening quote before 202 at position 55',
        ],
      ),
    );
  });

  it('keeps repair warnings on an ignored payload', () => {
    const json = '{"Event":"recording","Callerid": 05552221133","Id":"1-1"}';
    expect(run('json', json)).toStrictEqual({
      ...RECORDING,
      warnings: ['repaired missing opening quote before 05552221133 at position 33'],
    });
  });

  it("does not repair a value that is not digits only (the doc's damaged Id)", () => {
    const json = '{"Event":"outgoing","Id": 30307135611_31-1"}';
    const result = run('json', json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^invalid JSON: .*position 37 \(line 1, column 38\)$/);
  });

  it('does not touch a digit run followed by a quote inside a string value', () => {
    // A regex blind to strings would turn "ext: 5" into "ext: "5" and break the payload.
    const json = '{"Event":"ringing","Callerid":"ext: 5","User": 202","Id":"9-0"}';
    const result = run('json', json);
    expect(result).toStrictEqual(
      accepted(
        [
          started('9', { direction: 'inbound', caller: 'ext: 5' }),
          leg('callLegRinging', '9', '202', '202', 'unknown'),
        ],
        ['repaired missing opening quote before 202 at position 47'],
      ),
    );
    expect(repairMissingOpeningQuotes('{"Note": "ratio: 5", "a": 1 "b": 2}')).toBeUndefined();
  });

  it('never "repairs" valid JSON, even when a string holds the pattern', () => {
    const json = '{"Event":"ringing","Callerid":"x: 12\\"","User":"202","Id":"9-0"}';
    expect(run('json', json)).toStrictEqual(
      accepted([
        started('9', { direction: 'inbound', caller: 'x: 12"' }),
        leg('callLegRinging', '9', '202', '202', 'unknown'),
      ]),
    );
  });

  it('reports the original error when the repaired text still does not parse', () => {
    const json = '{"Event":"ringing","Callerid": 0555" "User":"202","Id":"9-0"}';
    const result = run('json', json);
    expect(result.ok).toBe(false);
    // The original text's position (the '5' after the bare '0'), not a position in the repaired text.
    if (!result.ok) expect(result.error).toContain('at position 32 (line 1, column 33)');
  });
});

describe('normalizeThreeCx: call correlation and required fields', () => {
  const ringingWithId = (id: string) =>
    `{"Event":"ringing","User":"202","Usertype":"ext","Id":${JSON.stringify(id)}}`;
  const callIdOf = (id: string) => {
    const result = run('json', ringingWithId(id));
    return result.ok
      ? result.events[0] && 'callId' in result.events[0] && result.events[0].callId
      : result.error;
  };

  it('strips only a trailing -<digits> leg suffix from Id', () => {
    expect(callIdOf('230307114903_10-1')).toBe('230307114903_10');
    expect(callIdOf('230307114903_10-12')).toBe('230307114903_10');
    expect(callIdOf('230307114903_10')).toBe('230307114903_10');
    expect(callIdOf('a-1-2')).toBe('a-1');
    expect(callIdOf('abc-x')).toBe('abc-x');
    expect(callIdOf('-1')).toBe('3CX Id "-1" has no call part');
  });

  it('rejects a missing or empty Event or Id, naming the field', () => {
    expect(run('json', '{"User":"202","Id":"1-0"}')).toStrictEqual(rejected('3CX payload has no Event'));
    expect(run('form', 'event=&user=202&id=1-0')).toStrictEqual(rejected('3CX payload has no Event'));
    expect(run('json', '{"Event":"ringing","User":"202"}')).toStrictEqual(rejected('3CX payload has no Id'));
    expect(run('json', '{"Event":"ringing","User":"202","Id":" "}')).toStrictEqual(
      rejected('3CX payload has no Id'),
    );
    expect(run('form', 'garbage')).toStrictEqual(rejected('3CX payload has no Event'));
  });

  it('rejects an inbound leg event without User', () => {
    for (const event of ['ringing', 'incomingcall_started', 'incoming']) {
      expect(run('json', `{"Event":"${event}","Id":"1-0"}`)).toStrictEqual(
        rejected(`3CX ${event} event has no User`),
      );
    }
  });

  it('ignores unknown events (with or without Id), not an error', () => {
    expect(run('json', '{"Event":"Queue_Login","Id":"1-0"}')).toStrictEqual(
      ignored('unknown 3CX event "Queue_Login"'),
    );
    expect(run('form', 'event=transfer')).toStrictEqual(ignored('unknown 3CX event "transfer"'));
    expect(run('json', '{"Event":"constructor","Id":"1-0"}')).toStrictEqual(
      ignored('unknown 3CX event "constructor"'),
    );
  });
});

describe('normalizeThreeCx: event mapping details', () => {
  it('maps Usertype to the leg kind, unknown or missing → unknown', () => {
    const kind = (usertype: string | undefined) => {
      const json = JSON.stringify({ Event: 'ringing', User: '1', Usertype: usertype, Id: '1-0' });
      const result = run('json', json);
      return result.ok ? (result.events[1] as { targetKind?: string }).targetKind : result.error;
    };
    expect([kind('queue'), kind('EXT'), kind('other'), kind('ivr'), kind(undefined), kind('')]).toStrictEqual(
      ['queue', 'extension', 'other', 'unknown', 'unknown', 'unknown'],
    );
  });

  it('treats pickupincoming / pickupoutgoing like the *call_started answers', () => {
    expect(
      run('form', 'event=pickupincoming&callerid=05552221133&user=202&id=230307114903_10-1'),
    ).toStrictEqual(pickUp('230307114903_10', IN_JSON, '202'));
    expect(run('form', 'event=PickupOutgoing&callerid=05552221133&user=117&id=5-1')).toStrictEqual(
      outAnswered('5', OUT_JSON, JSON_CALLER),
    );
  });

  it('applies the MAKECALL rule to dialing and outgoing too', () => {
    const mk = { direction: 'outbound', caller: '117' } as const;
    expect(run('form', 'event=dialing&callerid=makecall&user=117&id=5-0')).toStrictEqual(
      dial('5', mk, 'unknown'),
    );
    expect(
      run('form', 'event=outgoing&callerid=MAKECALL&user=117&finishtype=Ok&transfer=False&id=5-1'),
    ).toStrictEqual(endOut('5', 'unknown', 'Ok'));
  });

  it('reads Transfer and Finishtype case-insensitively; omits what is missing or unreadable', () => {
    expect(run('form', 'event=incoming&user=202&transfer=TRUE&duration=1:02:03&id=7-1')).toStrictEqual(
      accepted([legEnded('7', '202', '202', 'unknown', true, 3723)]),
    );
    expect(run('form', 'event=incoming&user=202&finishtype=OK&duration=soon&id=7-1')).toStrictEqual(
      accepted([legEnded('7', '202', '202', 'unknown', false), callEnded('7', true, 'OK')]),
    );
    // No Finishtype: how the call ended is unknown, so neither answered nor reason is claimed.
    expect(run('form', 'event=outgoing&callerid=555&user=1&id=7-0')).toStrictEqual(
      accepted([legEnded('7', 'out', '555', 'other', false), { ...fact('7'), type: 'callEnded' }]),
    );
  });
});

describe('normalizeThreeCx: totality', () => {
  const fixtureTexts = MANIFEST_3CX.map((entry) => seedText(entry.file));
  const mutated = mutatedText(fixtureTexts);
  const input = fc.oneof(mutated, fc.string({ unit: 'binary' }), fc.json());

  it('returns a well-formed result for 2,000 random and mutated inputs in every encoding', () => {
    fc.assert(
      fc.property(input, (text) => {
        for (const encoding of ['json', 'form', 'text'] as const) {
          const result = run(encoding, text);
          if (!result.ok) {
            expect(typeof result.error).toBe('string');
            continue;
          }
          for (const event of result.events) {
            expect(event).toMatchObject({ source: CTX.source, origin: '3cx', at: CTX.receivedAt });
            expect(event).not.toHaveProperty('tenant');
          }
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
