import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../lib/domain/events';
import { reduceAll } from '../../../lib/domain/reduce';
import { initialState, type Settings } from '../../../lib/domain/state';
import { type QueueView, queueView } from '../../../lib/domain/view';
import { readJson } from '../../../lib/json/readJson';
import { type Normalized, normalizeAtEdge } from '../../../lib/sources';
import { fixtureText, flowFiles } from '../../../lib/testing/support';
import type { QueueFigures } from '../groundTruth';
import { carriedFigures } from './carried';
import { feedModelOptions, SourceFeed } from './feed';
import { renderThreeCx, threeCxEvents } from './threecx';
import type { CallChange, WebhookKind, WebhookRequest } from './types';

/**
 * The pure part, against the real edge and reducer: a seeded, busy simulated hour per vendor, every
 * payload read by `normalizeAtEdge` exactly as the server reads it, all events reduced, and the
 * queue's figures compared with the model's ground truth, figure by figure, as far as the vendor's
 * payloads can carry them.
 */

const START = Date.UTC(2026, 2, 10, 9, 0, 0);
const HOUR = 3_600_000;
const END = START + HOUR;
const TOKEN = 'demo-secret';
const SETTINGS: Settings = { timezone: 'UTC', defaults: { slaSeconds: 20, shortAbandonSeconds: 5 } };
/** Short-staffed and impatient, with flaky agents: every outcome and every change occurs. */
const BUSY = { callsPerHour: 150, callbackShare: 0.3, maxWaitSeconds: 120, noAnswerShare: 0.1 };

function newFeed(kind: WebhookKind): SourceFeed {
  const model = {
    ...feedModelOptions(kind, { seed: 1, startAt: START, timeZone: 'UTC', slaSeconds: 20 }),
    ...BUSY,
  };
  return new SourceFeed({ kind, token: TOKEN, model });
}

interface Hour {
  readonly feed: SourceFeed;
  readonly changes: CallChange[];
  readonly requests: WebhookRequest[];
}

/** One simulated hour, stepped like the driver does: a tick per second. */
function simulateHour(kind: WebhookKind, stepMs = 1000): Hour {
  const feed = newFeed(kind);
  const changes: CallChange[] = [];
  const requests: WebhookRequest[] = [];
  for (let t = START + stepMs; t < END + stepMs; t += stepMs) {
    const step = feed.stepChanges(Math.min(t, END));
    changes.push(...step.changes);
    requests.push(...step.requests);
  }
  return { feed, changes, requests };
}

const hours = new Map<WebhookKind, Hour>();
const hourOf = (kind: WebhookKind): Hour => {
  let h = hours.get(kind);
  if (!h) {
    h = simulateHour(kind);
    hours.set(kind, h);
  }
  return h;
};

/** What the server's receiver does with a request (source id = kind; arrival = the change's time). */
function normalize(req: WebhookRequest): Normalized {
  const ctx = { source: req.kind, receivedAt: req.at };
  switch (req.kind) {
    case 'portsip-webhook':
      return normalizeAtEdge.portsipWebhook(req.body, ctx);
    case '3cx': {
      const encoding = req.contentType === 'application/json' ? 'json' : 'form';
      return normalizeAtEdge.threeCx({ encoding, text: req.body }, ctx);
    }
    case 'voipstudio': {
      const parsed = readJson(req.body);
      if (!parsed.ok) return { ok: false, error: parsed.error.message };
      return normalizeAtEdge.voipstudio(parsed.value, ctx);
    }
  }
}

function eventsOf(requests: readonly WebhookRequest[]): DomainEvent[] {
  return requests.flatMap((r) => {
    const n = normalize(r);
    if (!n.ok) throw new Error(`${n.error}: ${r.body}`);
    return [...n.events];
  });
}

function reducedView(h: Hour, withQueueFacts = true): QueueView | undefined {
  const facts = withQueueFacts ? h.feed.queueFacts(START) : [];
  const state = reduceAll(initialState(SETTINGS, START), [...facts, ...eventsOf(h.requests)]);
  const scope = h.feed.kind === 'portsip-webhook' ? h.feed.model.tenantId : h.feed.kind;
  const queue = state.queues.get(`${scope}/8001`);
  return queue && queueView(state, queue, END);
}

const truthOf = (h: Hour): QueueFigures => {
  const t = h.feed.model.groundTruth().queues['8001'];
  if (!t) throw new Error('no queue 8001 in the ground truth');
  return t;
};

/** Mean talk of the answered visits whose talk has ended: AHT where a vendor reports no wrap-up. */
function meanTalk(h: Hour): number {
  const talks = h.feed.model
    .groundTruth()
    .visits.flatMap((v) => (v.outcome === 'answered' && v.talkSeconds !== undefined ? [v.talkSeconds] : []));
  return talks.reduce((a, b) => a + b, 0) / talks.length;
}

const KINDS: readonly WebhookKind[] = ['portsip-webhook', '3cx', 'voipstudio'];

describe.each(KINDS)('%s: a simulated hour', (kind) => {
  it('has every outcome and every kind of change, so the checks below mean something', () => {
    const h = hourOf(kind);
    const t = truthOf(h);
    for (const k of ['answered', 'abandoned', 'shortAbandoned', 'overflowed', 'callbacks'] as const) {
      expect(t[k], k).toBeGreaterThan(0);
    }
    expect(t.answeredWithinSla).toBeLessThan(t.answered);
    const types = new Set(h.changes.map((c) => (c.type === 'ringEnded' ? `ringEnded:${c.why}` : c.type)));
    for (const type of [
      'queued',
      'ringing',
      'ringEnded:noAnswer',
      'ringEnded:cancelled',
      'answered',
      'left',
      'talkEnded',
      'wrapStarted',
      'wrapEnded',
      'callbackDialled',
      'callbackConnected',
      'callbackEnded',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
  });

  it("reads the model's messages without a problem: every call's CDR confirms the agents it rang", () => {
    expect(hourOf(kind).feed.problems()).toEqual([]);
  });

  it('every payload normalizes at the edge: ok, with events, without warnings', () => {
    const { requests } = hourOf(kind);
    expect(requests.length).toBeGreaterThan(300);
    for (const r of requests) {
      const n = normalize(r);
      expect(n, r.body).toMatchObject({ ok: true });
      if (!n.ok) continue;
      expect(n.events.length, r.body).toBeGreaterThan(0);
      expect(n.warnings, r.body).toBeUndefined();
      expect(n.ignored, r.body).toBeUndefined();
    }
  });

  it('the payloads do not depend on how the hour is stepped', () => {
    const bodies = (h: Hour) => h.requests.map((r) => `${r.at} ${r.body}`);
    const perSecond = bodies(hourOf(kind));
    expect(bodies(simulateHour(kind, 7_300))).toEqual(perSecond);
    expect(bodies(simulateHour(kind, HOUR))).toEqual(perSecond);
  });

  it('names the queue after where it comes from', () => {
    const label = { 'portsip-webhook': 'PortSIP webhook', '3cx': '3CX', voipstudio: 'VoIPstudio' }[kind];
    expect(reducedView(hourOf(kind))?.name).toBe(`Sales (${label})`);
  });

  it('a webhook queue has no waiting list, agents, longest wait or SLA breach reports: unknown, not 0', () => {
    const v = reducedView(hourOf(kind));
    expect(v?.waiting).toBeNull();
    expect(v?.agents).toBeNull();
    expect(v?.today.longestWaitSeconds).toBeNull();
    expect(v?.today.slaBreaches).toBe(0);
  });
});

describe('reduced figures = the ground truth, as far as each vendor can carry them', () => {
  it('PortSIP webhook: all counts but callbacks (a callback request ends the call like a hang-up)', () => {
    const h = hourOf('portsip-webhook');
    const t = truthOf(h);
    const f = reducedView(h)?.today;
    expect(f?.offered).toBe(t.offered);
    expect(f?.answered).toBe(t.answered);
    expect(f?.answeredWithinSla).toBe(t.answeredWithinSla);
    expect(f?.overflowed).toBe(t.overflowed);
    expect(f?.shortAbandoned).toBe(t.shortAbandoned);
    expect(f?.abandoned).toBe(t.abandoned + t.callbacks);
    expect(f?.callbacks).toBe(0);
    expect(f?.asaSeconds).toBeCloseTo(t.asaSeconds ?? Number.NaN, 9);
    // No wrap-up in CDR events: AHT is talk time only.
    expect(f?.ahtSeconds).toBeCloseTo(meanTalk(h), 9);
    expect(f?.serviceLevel).toBeCloseTo(
      t.answeredWithinSla / (t.answered + t.abandoned + t.callbacks - t.shortAbandoned + t.overflowed),
      12,
    );
    expect(f?.abandonRate).toBeCloseTo((t.abandoned + t.callbacks) / t.offered, 12);
  });

  it('PortSIP webhook: without knowing the queue (configuration / queueFacts) there are no queue figures', () => {
    expect(reducedView(hourOf('portsip-webhook'), false)).toBeUndefined();
  });

  it('3CX: all counts but overflows and callbacks (both end at the queue as Missed, like a hang-up)', () => {
    const h = hourOf('3cx');
    const t = truthOf(h);
    const f = reducedView(h)?.today;
    expect(f?.offered).toBe(t.offered);
    expect(f?.answered).toBe(t.answered);
    expect(f?.answeredWithinSla).toBe(t.answeredWithinSla);
    expect(f?.shortAbandoned).toBe(t.shortAbandoned);
    expect(f?.abandoned).toBe(t.abandoned + t.callbacks + t.overflowed);
    expect(f?.overflowed).toBe(0);
    expect(f?.callbacks).toBe(0);
    expect(f?.asaSeconds).toBeCloseTo(t.asaSeconds ?? Number.NaN, 9);
    expect(f?.ahtSeconds).toBeCloseTo(meanTalk(h), 9); // no wrap-up events
  });

  it('VoIPstudio: all counts but overflows and callbacks (QUEUE call.missed), and AHT with wrap-up', () => {
    const h = hourOf('voipstudio');
    const t = truthOf(h);
    const f = reducedView(h)?.today;
    expect(f?.offered).toBe(t.offered);
    expect(f?.answered).toBe(t.answered);
    expect(f?.answeredWithinSla).toBe(t.answeredWithinSla);
    expect(f?.shortAbandoned).toBe(t.shortAbandoned);
    expect(f?.abandoned).toBe(t.abandoned + t.callbacks + t.overflowed);
    expect(f?.overflowed).toBe(0);
    expect(f?.callbacks).toBe(0);
    expect(f?.asaSeconds).toBeCloseTo(t.asaSeconds ?? Number.NaN, 9);
    // Talk from call.hangup's duration + wrap-up from queue.wrapup START → END: the whole AHT.
    expect(f?.ahtSeconds).toBeCloseTo(t.ahtSeconds ?? Number.NaN, 9);
  });

  it('carriedFigures (the capability table in carried.ts) says the same for every vendor', () => {
    for (const kind of KINDS) {
      const h = hourOf(kind);
      const f = reducedView(h)?.today;
      const want = carriedFigures(kind, h.feed.model.groundTruth(), '8001');
      const { asaSeconds, ahtSeconds, ...counts } = want;
      expect(f, kind).toMatchObject(counts);
      expect(f?.asaSeconds, kind).toBeCloseTo(asaSeconds ?? Number.NaN, 9);
      expect(f?.ahtSeconds, kind).toBeCloseTo(ahtSeconds ?? Number.NaN, 9);
    }
  });

  it('3CX and VoIPstudio need no queue facts for their figures (the legs say which is the queue)', () => {
    for (const kind of ['3cx', 'voipstudio'] as const) {
      const h = hourOf(kind);
      const { longestWaitSeconds: _a, ...withFacts } = reducedView(h)?.today ?? {};
      const { longestWaitSeconds: _b, ...without } = reducedView(h, false)?.today ?? {};
      expect(without).toEqual(withFacts);
    }
  });
});

// --- shapes: key for key as the documents show them --------------------------------------------

const keysOfJson = (text: string) => [...text.matchAll(/"(\w+)"\s*:/g)].map((m) => m[1]);
const keysOfForm = (text: string) =>
  text
    .trim()
    .split('&')
    .map((kv) => kv.split('=')[0]);

describe('PortSIP webhook shapes', () => {
  const h = () => hourOf('portsip-webhook');

  it('posts JSON to /api/webhooks/portsip with a Bearer token', () => {
    for (const r of h().requests) {
      expect(r.path).toBe('/api/webhooks/portsip');
      expect(r.headers).toEqual({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    }
  });

  it("passes the model's own call_start and call_cdr messages on unchanged, in order", () => {
    const fromModel = h().changes.flatMap((c) => (c.type === 'pbx' ? [JSON.stringify(c.message)] : []));
    const posted = h().requests.filter((r) => /"event_type":"call_(start|cdr)"/.test(r.body));
    expect(posted.map((r) => r.body)).toEqual(fromModel);
    expect(posted.some((r) => r.body.includes('"call_targets":[{'))).toBe(true);
  });

  it('target events have the keys of the Call Target Event table (seed 000), `destiantion` as spelt there', () => {
    const targets = h().requests.filter((r) => r.body.includes('"cdr_target_'));
    const types = new Set(targets.map((r) => JSON.parse(r.body).event_type));
    expect([...types].sort()).toEqual([
      'cdr_target_add',
      'cdr_target_answer',
      'cdr_target_end',
      'cdr_target_noanswer',
      'cdr_target_ringing',
    ]);
    for (const r of targets) {
      expect(keysOfJson(r.body)).toEqual([
        'event_type',
        'time',
        'session_id',
        'cdr_id',
        'tenant_id',
        'direction',
        'destiantion',
        'caller',
        'did',
        'outbound_caller_id',
      ]);
    }
  });
});

describe('3CX shapes', () => {
  const h = () => hourOf('3cx');
  const reference = (file: string) => fixtureText(`seeds/003-3cx-webhooksapi/${file}`);
  /** The seed's example of each event, per encoding. */
  const REFERENCE: Record<string, string> = {
    'json ringing': reference('flow01-inbound-queue-answered/02-ringing-queue.json'),
    'json incomingcall_started': reference(
      'flow01-inbound-queue-answered/04-incomingcall-started-operator-answers.json',
    ),
    'json incoming': reference('flow01-inbound-queue-answered/05-incoming-end-of-call.json'),
    'json dialing': reference('flow09-outbound-answered/01-dialing-number.json'),
    'json outgoingcall_started': reference(
      'flow09-outbound-answered/02-outgoingcall-started-subscriber-responds.json',
    ),
    'json outgoing': reference('flow09-outbound-answered/03-outgoing-end-of-call.json'),
    'form ringing': reference('flow13-form-inbound-queue-answered/02-ringing-queue.txt'),
    'form hangupincoming': reference(
      'flow13-form-inbound-queue-answered/04-hangupincoming-operator-answers.txt',
    ),
    'form incoming': reference('flow13-form-inbound-queue-answered/05-incoming-end-of-call.txt'),
    'form dialing': reference('flow15-form-outbound-answered-bare-recording-url/01-dialing-number.txt'),
    'form hangupoutgoing': reference(
      'flow15-form-outbound-answered-bare-recording-url/02-hangupoutgoing-subscriber-responds.txt',
    ),
    'form outgoing': reference(
      'flow15-form-outbound-answered-bare-recording-url/03-outgoing-end-of-call.txt',
    ),
  };

  it('posts to /api/webhooks/3cx?token=…, alternating JSON and form bodies per call', () => {
    const { requests } = h();
    for (const r of requests) {
      expect(r.path).toBe(`/api/webhooks/3cx?token=${TOKEN}`);
      expect(r.headers).toEqual({ 'content-type': r.contentType });
      expect(r.headers.authorization).toBeUndefined();
    }
    const json = requests.filter((r) => r.contentType === 'application/json');
    const form = requests.filter((r) => r.contentType === 'application/x-www-form-urlencoded');
    expect(json.length + form.length).toBe(requests.length);
    expect(json.length).toBeGreaterThan(100);
    expect(form.length).toBeGreaterThan(100);
  });

  it('every event has the keys, in order, of the seed example of that event and encoding', () => {
    const seen = new Set<string>();
    for (const r of h().requests) {
      const json = r.contentType === 'application/json';
      const name = json ? JSON.parse(r.body).Event : new URLSearchParams(r.body).get('event');
      const key = `${json ? 'json' : 'form'} ${name}`;
      const ref = REFERENCE[key];
      expect(ref, key).toBeDefined();
      if (!ref) continue;
      seen.add(key);
      expect(json ? keysOfJson(r.body) : keysOfForm(r.body), key).toEqual(
        json ? keysOfJson(ref) : keysOfForm(ref),
      );
    }
    expect([...seen].sort()).toEqual(Object.keys(REFERENCE).sort());
  });

  it('follows the queue flow: Id legs -0 while ringing, -1 once answered; a Missed end at the queue', () => {
    const { requests } = h();
    const fields = requests.map((r) =>
      r.contentType === 'application/json'
        ? Object.fromEntries(Object.entries(JSON.parse(r.body)).map(([k, v]) => [k.toLowerCase(), String(v)]))
        : Object.fromEntries(new URLSearchParams(r.body)),
    );
    for (const f of fields) {
      expect(f.id).toMatch(/^\d{12}_\d+-[01]$/);
      const leg = f.id?.slice(-1);
      if (f.event === 'ringing' || f.event === 'dialing') expect(leg).toBe('0');
      if (/started|^hangup/.test(f.event ?? '')) expect(leg).toBe('1');
      if (f.event === 'incoming' && f.finishtype === 'Missed') {
        expect(f.user).toBe('8001');
        expect(leg).toBe('0');
      }
      if (f.event === 'incoming' && f.finishtype === 'Ok') expect(leg).toBe('1');
    }
    const titles = fields.flatMap((f) => (f.title ? [f.title] : []));
    expect(titles.some((t) => /^\d+:Answered call from \d+ \(\d+:\d{2}\)$/.test(t))).toBe(true);
    expect(titles.some((t) => /^\d+:Missed call by queue 8001 from \d+$/.test(t))).toBe(true);
    expect(titles.some((t) => /^Successful call to \d+ \(\d+:\d{2}\)$/.test(t))).toBe(true);
  });

  it('the JSON and form variants of the same event normalize to the same events', () => {
    let compared = 0;
    for (const c of h().changes) {
      for (const e of threeCxEvents(c).events) {
        const ctx = { source: '3cx', receivedAt: c.at };
        const read = (encoding: 'json' | 'form') => {
          const n = normalizeAtEdge.threeCx({ encoding, text: renderThreeCx(e, encoding).body }, ctx);
          if (!n.ok) throw new Error(n.error);
          return n.events;
        };
        const json = read('json');
        const form = read('form');
        if (e.talkSeconds === undefined) {
          expect(form).toEqual(json);
        } else {
          // The one difference the doc shows: the form end has a `title` where JSON has `Duration`,
          // so only JSON states the talk seconds (the reducer then takes answer → end arrival).
          const [jsonEnd, ...jsonRest] = json;
          const [formEnd, ...formRest] = form;
          expect(jsonEnd).toMatchObject({ type: 'callLegEnded', talkSeconds: e.talkSeconds });
          expect(formEnd).not.toHaveProperty('talkSeconds');
          expect(formEnd).toEqual(withoutTalk(jsonEnd));
          expect(formRest).toEqual(jsonRest);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});

function withoutTalk(e: DomainEvent | undefined): object | undefined {
  if (!e) return e;
  const { talkSeconds: _, ...rest } = e as DomainEvent & { talkSeconds?: number };
  return rest;
}

describe('VoIPstudio shapes', () => {
  const h = () => hourOf('voipstudio');
  const fixtureKeys = keysOfJson(fixtureText(flowFiles('voipstudio/queue-call-answered')[0] ?? ''));

  it('posts JSON to /api/webhooks/voipstudio/<token>', () => {
    for (const r of h().requests) {
      expect(r.path).toBe(`/api/webhooks/voipstudio/${TOKEN}`);
      expect(r.headers).toEqual({ 'content-type': 'application/json' });
    }
  });

  it("every event has the document's attributes in its order; times Y-m-d H:i:s; contexts QUEUE and LOCAL_USER", () => {
    expect(fixtureKeys).toHaveLength(18);
    const seen = new Set<string>();
    for (const r of h().requests) {
      expect(keysOfJson(r.body)).toEqual(fixtureKeys);
      const e = JSON.parse(r.body);
      seen.add(`${e.event_name} ${e.context}${e.event_name === 'queue.wrapup' ? ` ${e.state}` : ''}`);
      expect(e.event_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(e.start_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(typeof e.call_id).toBe('number');
      if (e.event_name === 'call.connected' || e.event_name === 'call.hangup')
        expect(e.connected_at).not.toBeNull();
      if (e.event_name === 'call.initial' && e.destination === 'in') expect(e.connected_at).toBeNull();
    }
    expect([...seen].sort()).toEqual([
      'call.connected LOCAL_USER',
      'call.hangup LOCAL_USER',
      'call.initial LOCAL_USER', // the agent dials a callback
      'call.initial QUEUE',
      'call.missed LOCAL_USER', // a ring that stopped
      'call.missed QUEUE', // the caller left unanswered
      'call.ringing LOCAL_USER',
      'queue.wrapup LOCAL_USER END',
      'queue.wrapup LOCAL_USER START',
    ]);
  });
});
