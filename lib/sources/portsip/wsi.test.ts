import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { type JsonValue, readJson } from '../../json/readJson';
import { hasUndefinedValue, mutatedText, truncatedText } from '../../testing/fuzz';
import { isObject } from '../fields';
import { accepted, ignored, type Normalized, rejected } from '../types';
import { normalizeWsi, readWsiFrame, type WsiFrame } from './wsi';

const CTX = { source: 'pbx-wsi', receivedAt: 1_700_000_000_000 };
const SEED_DIR = '002-portsip-wsi';
const read = (text: string) => readWsiFrame(text, CTX);
/** The normalized result of an event frame; fails the test on a reply. */
const run = (frame: unknown): Normalized => {
  const r = read(typeof frame === 'string' ? frame : JSON.stringify(frame));
  if (r.kind !== 'event') throw new Error(`expected an event frame, got ${JSON.stringify(r)}`);
  return r.result;
};

function seedText(file: string): string {
  return readFileSync(new URL(`../../../fixtures/seeds/${file}`, import.meta.url), 'utf8');
}
const seedJson = (name: string) => JSON.parse(seedText(`${SEED_DIR}/${name}`)) as Record<string, unknown>;

interface ManifestEntry {
  readonly file: string;
  readonly seed: string;
}
const MANIFEST = (JSON.parse(seedText('manifest.json')) as ManifestEntry[]).filter((e) => e.seed === '002');

const ms = (unixSeconds: number) => unixSeconds * 1000;
const fact = (tenant: string, at: number) =>
  ({ source: CTX.source, origin: 'portsip-wsi', tenant, at }) as const;
/** A fact the frame gives no PBX time for: stamped on arrival, and marked so (docs/metrics.md). */
const arrivalFact = (tenant: string) => ({ ...fact(tenant, CTX.receivedAt), atArrival: true }) as const;
const event = (result: Normalized): WsiFrame => ({ kind: 'event', result });
const reply = (r: { command: string; ok: boolean; error?: string; id?: string }): WsiFrame => ({
  kind: 'reply',
  reply: r,
});

// --- the doc's ids ------------------------------------------------------------------------------

const T_STATUS = '794493068765036544';
const T_EXT = '792406615960584192';
const T_QUEUE = '676398719834259456';
const Q_ID = '677046776364007424';
const QUEUE = { tenant: T_QUEUE, id: Q_ID } as const;
const ext101 = { number: '101', tenant: T_EXT, id: '792406615960584220' } as const;

const statusEntry = (number: string, id: string, presence: 'away' | 'available'): DomainEvent[] => {
  const extension = { number, tenant: T_STATUS, id };
  const base = fact(T_STATUS, ms(1704186780));
  return [
    { ...base, type: 'extensionRegistrationChanged', extension, online: false, pushOnline: false },
    // "ON_ACLL" (sic) is read as ON_CALL.
    { ...base, type: 'extensionCallStatusChanged', extension, callStatus: 'onCall' },
    // presence_note "" → no note.
    { ...base, type: 'extensionPresenceChanged', extension, presence },
  ];
};

const QUEUE_CALL_101 = {
  extension: '101',
  state: 'queueCall',
  since: ms(1676206249),
  sessionId: '677046776364007',
  caller: '123456',
  callerName: 'Thomas Young',
} as const;

/** Our own commands (we send them, the PBX does not): ignored if they parse. */
const OWN = (command: string) => event(ignored(`"${command}" command without status: not a reply`));

/** Every WSI fixture of the 002 doc, read as a received frame. */
const EXPECTED: Record<string, WsiFrame> = {
  // The duplicate "username" key has the same value twice, so it parses; `enabled` is read.
  '01-extension-created.json': event(
    accepted([
      {
        ...arrivalFact('883634229655633920'),
        type: 'extensionCreated',
        extension: { number: '1001', tenant: '883634229655633920', id: '823634238409396' },
        profile: { name: 'Jason Wek', email: 'test@test.com', username: 'testuser1', enabled: true },
      },
    ]),
  ),
  // SIP URIs → '101' / '102'; each entry's own `time`; presence AWAY and ONLINE.
  '02-extension-status.json': event(
    accepted([
      ...statusEntry('101', '794493219508322304', 'away'),
      ...statusEntry('102', '794493219718037504', 'available'),
    ]),
  ),
  '03-extension-call.json': event(
    accepted([
      {
        ...fact(T_EXT, ms(1703690276)),
        type: 'extensionCallStatusChanged',
        extension: ext101,
        callStatus: 'onCall',
      },
    ]),
  ),
  // AVAILABLE although the enum lists ONLINE; both are 'available'.
  '04-extension-presence.json': event(
    accepted([
      {
        ...fact(T_EXT, ms(1703690547)),
        type: 'extensionPresenceChanged',
        extension: ext101,
        presence: 'available',
        note: 'Driving',
      },
    ]),
  ),
  '05-extension-agent-status.json': event(
    accepted([
      {
        ...fact('806406773714976768', ms(1707028116)),
        type: 'agentStateChanged',
        queue: { number: '8002', tenant: '806406773714976768' },
        agent: { extension: '102', state: 'ready', since: ms(1707028116) },
      },
    ]),
  ),
  '06-queue-created.json': event(
    accepted([
      {
        ...arrivalFact('883634229655633920'),
        type: 'queueCreated',
        queue: { tenant: '883634229655633920', number: '8800' },
      },
    ]),
  ),
  // The full-width comma is where the reader stops (the agents-in-waiting_list defect comes later).
  '07-queue-status.json': event(
    rejected("invalid JSON: Comma ',' expected after value but got '，' at position 417 (line 15, column 8)"),
  ),
  // The doc's reason is the list of possible values, not one of them: nothing happened that we can tell.
  '08-queue-caller-status.json': event(
    accepted([], ['unknown caller reason "enqueue/agent_answered/overflow/hangup/callback" skipped']),
  ),
  '09-queue-agent-status.json': event(
    accepted([
      { ...fact(T_QUEUE, ms(1676206249)), type: 'agentStateChanged', queue: QUEUE, agent: QUEUE_CALL_101 },
      // A removal carries no time: arrival time.
      { ...arrivalFact(T_QUEUE), type: 'agentRemovedFromQueue', queue: QUEUE, extension: '102' },
    ]),
  ),
  '10-queue-sla-breached.json': event(
    accepted([
      {
        ...fact(T_QUEUE, ms(1676206249)),
        type: 'slaBreachReported',
        queue: QUEUE,
        caller: '00431334081002',
        totalBreached: 6,
        slaSeconds: 90,
        waitingCallers: 100,
      },
    ]),
  ),
  // The doc's admin auth example has a trailing comma: not JSON (and we never receive it anyway).
  '11-auth-system-admin.json': event(
    rejected("invalid JSON: Quoted object key expected but got '}' at position 63 (line 5, column 1)"),
  ),
  '12-auth-username.json': OWN('auth'),
  '13-auth-extension-number.json': OWN('auth'),
  '14-auth-reply-ok.json': reply({ command: 'auth', ok: true, id: '1' }),
  '15-auth-reply-error.json': reply({
    command: 'auth',
    ok: false,
    error: 'access_token , username , domain or password error',
    id: '2',
  }),
  '16-subscribe-cdr-events.json': OWN('subscribe'),
  '17-subscribe-global-cdr-events.json': OWN('subscribe'),
  '18-subscribe-extension-events.json': OWN('subscribe'),
  '19-subscribe-global-extension-events.json': OWN('subscribe'),
  '20-subscribe-global-extension-management-events.json': OWN('subscribe'),
  '21-subscribe-queue-events.json': OWN('subscribe'),
  '22-subscribe-global-queue-events.json': OWN('subscribe'),
  '23-subscribe-queue-management-events.json': OWN('subscribe'),
  '24-subscribe-global-queue-management-events.json': OWN('subscribe'),
  '25-unsubscribe-queue-events.json': OWN('unsubscribe'),
  '26-unsubscribe-extension-events.json': OWN('unsubscribe'),
};

describe('readWsiFrame: every 002 seed fixture', () => {
  it('has an expectation for every manifest 002 entry, and no expectation without a file', () => {
    expect(MANIFEST).toHaveLength(26);
    expect(Object.keys(EXPECTED).map((f) => `${SEED_DIR}/${f}`)).toStrictEqual(
      MANIFEST.map((e) => e.file).sort(),
    );
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const text = seedText(`${SEED_DIR}/${file}`);
    const { snapshot, ...frame } = read(text) as WsiFrame & { snapshot?: string };
    expect(frame).toStrictEqual(expected);
    // The frame also says whether it is a resync snapshot (the session counts them).
    const parsed = readJson(text);
    const eventType = parsed.ok && isObject(parsed.value) ? parsed.value.event_type : undefined;
    expect(snapshot).toBe(SNAPSHOT_OF[String(eventType)]);
  });
});

/** The seeds' snapshot event types, as the WSI doc lists what a subscribe pushes first. */
const SNAPSHOT_OF: Record<string, string | undefined> = {
  queue_created: 'queueAnnounced',
  queue_status: 'queue',
  extension_status: 'extension',
};

describe('readWsiFrame: replies versus our own commands', () => {
  it('a command frame with status is a reply: ok only for status 0 (number or string)', () => {
    expect(read('{"command":"subscribe","status":0}')).toStrictEqual(
      reply({ command: 'subscribe', ok: true }),
    );
    expect(read('{"command":"subscribe","id":3,"status":"0"}')).toStrictEqual(
      reply({ command: 'subscribe', ok: true, id: '3' }),
    );
    for (const status of ['-1', '1', '"ok"', 'null', 'true']) {
      expect(read(`{"command":"auth","status":${status}}`)).toStrictEqual(
        reply({ command: 'auth', ok: false }),
      );
    }
  });

  it('a command frame with an error but no status is a failed reply, not dropped', () => {
    expect(read('{"command":"auth","error":"denied"}')).toStrictEqual(
      reply({ command: 'auth', ok: false, error: 'denied' }),
    );
  });

  it('a command frame with neither status nor error has the shape of a request: ignored', () => {
    expect(read('{"command":"auth","id":"1"}')).toStrictEqual(OWN('auth'));
    expect(read('{"command":"subscribe","topics":["queue_events"]}')).toStrictEqual(OWN('subscribe'));
  });

  it('a frame with event_type is an event even if it also has command; a non-string command is not a reply', () => {
    expect(read('{"event_type":"queue_created","command":"x","status":0,"queue_number":"1"}')).toMatchObject({
      kind: 'event',
      result: { ok: true, events: [{ type: 'queueCreated' }] },
    });
    expect(read('{"command":1,"status":0}')).toStrictEqual(event(rejected('WSI frame has no event_type')));
  });
});

describe('readWsiFrame: the queue_status example', () => {
  const broken = seedText(`${SEED_DIR}/07-queue-status.json`);

  it('is still rejected with only the full-width comma fixed, at the nested "agents" key', () => {
    const result = run(broken.replace('，', ','));
    expect(result).toStrictEqual(
      rejected(
        "invalid JSON: Comma ',' expected after value but got ':' at position 430 (line 16, column 12)",
      ),
    );
  });

  it('with the comma fixed and agents moved out of waiting_list (built here) → queueSnapshotted', () => {
    // Close waiting_list before "agents" (replacing the full-width comma) and drop the stray "]".
    const fixed = broken
      .replace('}，\n   "agents"', '}\n   ],\n   "agents"')
      .replace('   ]\n   ]\n}', '   ]\n}');
    expect(() => JSON.parse(fixed)).not.toThrow();
    expect(run(fixed)).toStrictEqual(
      accepted([
        {
          // A snapshot has no time of its own: arrival time.
          ...arrivalFact(T_QUEUE),
          type: 'queueSnapshotted',
          queue: { tenant: T_QUEUE, id: Q_ID, number: '8001' },
          name: 'Sales Department',
          waiting: [
            {
              sessionId: '6763987198342',
              caller: '123456',
              callerName: 'Thomas Young',
              // "normal/callback" is the doc's "one of the two"; only "callback" is a callback.
              kind: 'normal',
              since: ms(1676206249),
              position: 2,
            },
          ],
          agents: [QUEUE_CALL_101],
        },
      ]),
    );
  });

  it('uses arrival time for a waiting caller or agent without timestamp, and omits absent fields', () => {
    const frame = {
      event_type: 'queue_status',
      queue_number: '8001',
      waiting_list: [{ session_id: 's1', type: 'callback' }, { caller_number: 'no session' }],
      agents: [{ state: 'READY', agent_extension_number: 'sip:104@test.io' }],
    };
    expect(run(frame)).toStrictEqual(
      accepted([
        {
          source: CTX.source,
          origin: 'portsip-wsi',
          at: CTX.receivedAt,
          atArrival: true,
          type: 'queueSnapshotted',
          queue: { number: '8001' },
          waiting: [{ sessionId: 's1', kind: 'callback', since: CTX.receivedAt }],
          agents: [{ extension: '104', state: 'ready', since: CTX.receivedAt }],
        },
      ]),
    );
  });
});

describe('readWsiFrame: queue_caller_status reasons', () => {
  const withReason = (reason: unknown) => {
    const frame = seedJson('08-queue-caller-status.json');
    const [caller] = frame.updated_callers as Record<string, unknown>[];
    return { ...frame, updated_callers: [{ ...caller, reason }] };
  };
  const at = fact(T_QUEUE, ms(1676206249));

  it('enqueue → callerQueued with the waiting caller', () => {
    expect(run(withReason('enqueue'))).toStrictEqual(
      accepted([
        {
          ...at,
          type: 'callerQueued',
          queue: QUEUE,
          caller: {
            sessionId: '6763987198342',
            caller: '123456',
            kind: 'normal',
            since: ms(1676206249),
            position: 2,
          },
        },
      ]),
    );
  });

  it.each([
    ['agent_answered', 'callerAnswered'],
    ['overflow', 'callerOverflowed'],
    ['hangup', 'callerAbandoned'],
    ['callback', 'callbackScheduled'],
  ])('%s → %s', (reason, type) => {
    expect(run(withReason(reason))).toStrictEqual(
      accepted([{ ...at, type, queue: QUEUE, sessionId: '6763987198342' } as DomainEvent]),
    );
  });

  it('skips unknown reasons with a warning, including Object.prototype names', () => {
    for (const reason of ['transferred', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(run(withReason(reason))).toStrictEqual(
        accepted([], [`unknown caller reason "${reason}" skipped`]),
      );
    }
    expect(run(withReason(undefined))).toStrictEqual(accepted([], ['unknown caller reason "" skipped']));
  });

  it('skips an entry without session_id with a warning', () => {
    const frame = { ...withReason('enqueue'), updated_callers: [{ reason: 'enqueue' }] };
    expect(run(frame)).toStrictEqual(accepted([], ['updated_callers entry without session_id skipped']));
  });
});

describe('readWsiFrame: agent states', () => {
  const agentFrame = (state: unknown) => ({
    event_type: 'queue_agent_status',
    tenant_id: T_QUEUE,
    queue_id: Q_ID,
    updated_agents: [{ agent_extension_number: '101', state, timestamp: '1676206249' }],
  });
  const stateOf = (state: unknown) => {
    const r = run(agentFrame(state));
    const e = r.ok ? r.events[0] : undefined;
    return e?.type === 'agentStateChanged' ? e.agent.state : r;
  };

  it.each([
    ['Ready', 'ready'],
    ['Queue Call', 'queueCall'],
    ['Wrap Up', 'wrapUp'],
    ['Other Call', 'otherCall'],
    ['Not Ready', 'notReady'],
    // "Online: the agent has logged out of the queue".
    ['Online', 'loggedOut'],
    ['Offline', 'offline'],
    ['READY', 'ready'],
    ['QUEUE_CALL', 'queueCall'],
    ['WRAP_UP', 'wrapUp'],
    ['OTHER_CALL', 'otherCall'],
    ['NOT_READY', 'notReady'],
    ['ONLINE', 'loggedOut'],
    ['OFFLINE', 'offline'],
    ['queue-call', 'queueCall'],
  ])('%s → %s', (state, expected) => {
    expect(stateOf(state)).toBe(expected);
  });

  it('skips an entry with an unknown or unreadable state, with a warning, and never throws', () => {
    const cases: [unknown, string][] = [
      ['Lunch Break', '"Lunch Break"'],
      ['', '""'],
      [7, '7'],
      [null, 'undefined'],
      [{ toString: 1 }, '{"toString":1}'],
      [['READY'], '["READY"]'],
    ];
    for (const [state, shown] of cases) {
      expect(run(agentFrame(state))).toStrictEqual(
        accepted([], [`agent entry skipped: extension 101 state ${shown}`]),
      );
    }
  });

  it('extension_agent_status: prose states too; an unknown one skipped with a warning', () => {
    const frame = seedJson('05-extension-agent-status.json');
    const statuses = [
      { queue_number: '8001', status: 'Wrap Up' },
      { queue_number: '8002', status: 'Coffee' },
      { status: 'READY' },
      { queue_number: '8003', status: { toString: 1 } },
    ];
    const r = run({ ...frame, agent_status: statuses });
    expect(r).toMatchObject({
      ok: true,
      events: [{ queue: { number: '8001' }, agent: { extension: '102', state: 'wrapUp' } }],
      warnings: [
        'agent_status entry skipped: queue 8002 status "Coffee"',
        'agent_status entry skipped: queue ? status "READY"',
        'agent_status entry skipped: queue 8003 status {"toString":1}',
      ],
    });
  });
});

describe('readWsiFrame: event type spellings', () => {
  it('extnesion_created (sic) is extension_created; extension_updated / _destroyed map too', () => {
    const created = seedJson('01-extension-created.json');
    const expected = EXPECTED['01-extension-created.json'];
    expect(event(run({ ...created, event_type: 'extnesion_created' }))).toStrictEqual(expected);
    expect(run({ ...created, event_type: 'extension_updated' })).toMatchObject({
      events: [{ type: 'extensionUpdated', profile: { name: 'Jason Wek' } }],
    });
    const deleted = run({ ...created, event_type: 'extension_destroyed' });
    expect(deleted).toMatchObject({ events: [{ type: 'extensionDeleted', extension: { number: '1001' } }] });
    expect(deleted.ok && deleted.events[0]).not.toHaveProperty('profile');
  });

  it.each(['queue_destroy', 'queue_destroyed'])('%s → queueDeleted', (type) => {
    expect(run({ event_type: type, queue_number: '8800', tenant_id: '883634229655633920' })).toStrictEqual(
      accepted([
        {
          ...arrivalFact('883634229655633920'),
          type: 'queueDeleted',
          queue: { tenant: '883634229655633920', number: '8800' },
        },
      ]),
    );
  });

  it('ignores unknown event types, including unknown extension_* and Object.prototype names', () => {
    for (const type of ['extension_voicemail', 'constructor', 'toString', '__proto__', 'queue_paused']) {
      expect(run({ event_type: type, extension: 'sip:101@test.io', queue_id: '1' })).toStrictEqual(
        ignored(`unknown WSI event_type "${type}"`),
      );
    }
    // Unknown is unknown whether or not it names an extension (it used to be rejected without one).
    expect(run({ event_type: 'extension_voicemail' })).toStrictEqual(
      ignored('unknown WSI event_type "extension_voicemail"'),
    );
  });

  it('routes CDR event types on the cdr_events topic to the CDR normalizer, origin portsip-wsi', () => {
    const start = JSON.parse(seedText('001-portsip-push-cdr/01-call-start.json')) as Record<string, unknown>;
    expect(run(start)).toMatchObject({
      ok: true,
      events: [{ type: 'callStarted', origin: 'portsip-wsi', callId: '798119942409949184' }],
    });
  });

  it('rejects frames that are not objects or have no event_type, and a queue event naming no queue', () => {
    for (const text of ['[]', '1', 'null', '"queue_status"']) {
      expect(run(text)).toStrictEqual(rejected('WSI frame is not a JSON object'));
    }
    expect(run('{}')).toStrictEqual(rejected('WSI frame has no event_type'));
    expect(run({ event_type: 'queue_status', tenant_id: '1' })).toStrictEqual(
      rejected('queue_status names no queue'),
    );
    expect(run({ event_type: 'extension_call', call_status: 'ON_CALL' })).toStrictEqual(
      rejected('extension_call names no extension'),
    );
    expect(run('')).toStrictEqual(
      rejected('invalid JSON: JSON value expected but reached end of input at position 0 (line 1, column 1)'),
    );
  });
});

describe('readWsiFrame: extension values', () => {
  const call = (call_status: unknown) => run({ ...seedJson('03-extension-call.json'), call_status });

  it('reads call_status "" / absent as idle, RINGING as ringing', () => {
    for (const value of ['', ' ', undefined, null]) {
      expect(call(value)).toMatchObject({ events: [{ callStatus: 'idle' }] });
    }
    expect(call('RINGING')).toMatchObject({ events: [{ callStatus: 'ringing' }] });
  });

  it('rejects a call_status that is no spelling at all instead of claiming idle', () => {
    expect(call('ON_HOLD')).toStrictEqual(rejected('unknown call_status "ON_HOLD"'));
    expect(call(true)).toStrictEqual(rejected('unknown call_status true'));
    expect(call({ toString: 1 })).toStrictEqual(rejected('unknown call_status {"toString":1}'));
    expect(call(['ON_CALL'])).toStrictEqual(rejected('unknown call_status ["ON_CALL"]'));
  });

  it('extension_status: an unreadable call_status is skipped with a warning, the rest kept', () => {
    const frame = seedJson('02-extension-status.json');
    const [first] = frame.status as Record<string, unknown>[];
    const r = run({ ...frame, status: [{ ...first, call_status: {} }] });
    expect(r).toMatchObject({ ok: true, warnings: ['unknown call_status {} for 101'] });
    expect(r.ok && r.events.map((e) => e.type)).toStrictEqual([
      'extensionRegistrationChanged',
      'extensionPresenceChanged',
    ]);
  });

  it('maps presence spellings; an unknown one → other; extension_presence without presence → rejected', () => {
    const presence = (value: unknown) => run({ ...seedJson('04-extension-presence.json'), presence: value });
    const expected = ['available', 'available', 'lunch', 'businessTrip', 'doNotDisturb', 'away', 'other'];
    const values = [
      'ONLINE',
      'Available',
      'LUNCH',
      'Business Trip',
      'DO_NOT_DISTURB',
      'away',
      'Gone fishing',
    ];
    expect(values.map((v) => presence(v)).map((r) => r.ok && r.events[0])).toMatchObject(
      expected.map((p) => ({ presence: p })),
    );
    expect(presence('')).toStrictEqual(rejected('extension_presence has no presence'));
  });

  it('uses arrival time when an extension event has no time', () => {
    const { time: _, ...frame } = seedJson('03-extension-call.json');
    expect(run(frame)).toMatchObject({ events: [{ at: CTX.receivedAt, atArrival: true }] });
  });
});

describe('readWsiFrame: ids as bare JSON numbers beyond 2^53 stay exact strings', () => {
  it('tenant, queue and extension ids', () => {
    const queue = run(
      '{"event_type":"queue_agent_status","tenant_id":676398719834259457,"queue_id":677046776364007425,' +
        '"removed_agents":[{"agent_extension_number":102}]}',
    );
    expect(queue).toMatchObject({
      events: [
        { tenant: '676398719834259457', queue: { tenant: '676398719834259457', id: '677046776364007425' } },
      ],
    });
    const ext = run(
      '{"event_type":"extension_created","extension_number":1001,"extension_id":823634238409396001,' +
        '"tenant_id":883634229655633921}',
    );
    expect(ext).toMatchObject({
      events: [
        {
          tenant: '883634229655633921',
          extension: { number: '1001', id: '823634238409396001', tenant: '883634229655633921' },
        },
      ],
    });
    const sla = run('{"event_type":"queue_sla_breached","queue_number":8001,"tenant_id":880000000000000000}');
    expect(sla).toMatchObject({ events: [{ queue: { number: '8001', tenant: '880000000000000000' } }] });
  });
});

// --- totality ------------------------------------------------------------------------------------

const WSI_TYPES = new Set([
  'callerQueued',
  'callerAnswered',
  'callerAbandoned',
  'callerOverflowed',
  'callbackScheduled',
  'queueSnapshotted',
  'agentStateChanged',
  'agentRemovedFromQueue',
  'slaBreachReported',
  'queueCreated',
  'queueUpdated',
  'queueDeleted',
  'extensionRegistrationChanged',
  'extensionCallStatusChanged',
  'extensionPresenceChanged',
  'extensionCreated',
  'extensionUpdated',
  'extensionDeleted',
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

function expectWellFormedResult(result: Normalized): void {
  if (!result.ok) {
    expect(typeof result.error).toBe('string');
    return;
  }
  for (const e of result.events) {
    expect(WSI_TYPES.has(e.type)).toBe(true);
    expect(e).toMatchObject({ source: CTX.source, origin: 'portsip-wsi' });
    expect(typeof e.at === 'number' && !Number.isNaN(e.at)).toBe(true);
    expect(hasUndefinedValue(e)).toBe(false);
  }
  for (const w of result.warnings ?? []) expect(typeof w).toBe('string');
}

function expectWellFormedFrame(frame: WsiFrame): void {
  if (frame.kind === 'event') {
    expectWellFormedResult(frame.result);
    return;
  }
  expect(typeof frame.reply.command).toBe('string');
  expect(typeof frame.reply.ok).toBe('boolean');
  expect(hasUndefinedValue(frame.reply)).toBe(false);
}

describe('readWsiFrame / normalizeWsi: totality', () => {
  const texts = MANIFEST.map((e) => seedText(e.file));
  const parseable = texts.filter((t) => {
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  });
  const mutated = mutatedText(texts);
  const truncated = truncatedText(texts);
  const oddValue = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom('toString', '__proto__', 'constructor', '', '0', 'ON_ACLL', 'Queue Call', 'enqueue'),
    fc.constant({ toString: 1, valueOf: 1 }),
  );
  /** A parseable fixture with one field, top level or in its first array entry, set to an odd value. */
  const reshaped = fc
    .tuple(
      fc.constantFrom(...parseable).map((t) => JSON.parse(t) as Record<string, JsonValue>),
      fc.constantFrom(
        'event_type',
        'tenant_id',
        'queue_id',
        'extension',
        'time',
        'timestamp',
        'state',
        'status',
        'reason',
        'call_status',
        'presence',
        'session_id',
        'agent_extension_number',
        'command',
        'error',
      ),
      oddValue,
    )
    .map(([obj, key, value]) => {
      const listKey = Object.keys(obj).find(
        (k) => Array.isArray(obj[k]) && isEntry((obj[k] as JsonValue[])[0]),
      );
      if (listKey === undefined || key === 'event_type') return { ...obj, [key]: value };
      const [first, ...rest] = obj[listKey] as JsonValue[];
      return { ...obj, [listKey]: [{ ...(first as object), [key]: value }, ...rest] };
    });

  it('readWsiFrame never throws on random, truncated, mutated and reshaped frames', () => {
    const input = fc.oneof(
      mutated,
      truncated,
      reshaped.map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary' }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(input, (text) => expectWellFormedFrame(read(text))),
      { seed: 42, numRuns: 4000 },
    );
  });

  it('normalizeWsi never throws on any JSON value', () => {
    const value = fc.oneof(fc.jsonValue(), reshaped);
    fc.assert(
      fc.property(value, (v) => expectWellFormedResult(normalizeWsi(v as JsonValue, CTX))),
      { seed: 42, numRuns: 2000 },
    );
  });
});

function isEntry(value: JsonValue | undefined): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
