import type { CallChange, WebhookRequest } from './types';

/**
 * 3CX "WebhooksApi" add-on (seed 003): the token in the query (`?token=`), bodies as JSON
 * (capitalised keys) or x-www-form-urlencoded (lowercase keys, `hangupincoming` / `hangupoutgoing`
 * for the answer, `title` instead of `Duration`, values not percent-encoded), as the doc's two sets
 * of flows show. A real add-on is set up for one encoding; the feeder alternates per call (odd calls
 * JSON, even calls form), so both readers are exercised by one feed.
 *
 * The queue flow of the doc: the call rings at the queue (`ringing`, Usertype queue, Id `…-0`), at
 * agents (Usertype ext, `…-0`), an agent picks up (`…-1`) and the end names that agent with
 * Finishtype Ok (`…-1`); a caller nobody answered ends at the queue with Finishtype Missed (`…-0`).
 * A callback is the agent's outbound call (`dialing`, `outgoingcall_started`, `outgoing`).
 *
 * What the add-on cannot tell: no timestamps (the receiver stamps arrival), a ring that stops
 * unanswered has no event, and the queue's Missed end is the same whether the caller hung up, asked
 * for a callback or was sent on by the queue's maximum wait (the doc has no overflow flow), so
 * callbacks and overflows count as abandoned; no wrap-up (AHT is talk time), no SLA breaches.
 */

export type ThreeCxEncoding = 'json' | 'form';

/** One add-on event, before it is written in either encoding. */
export interface ThreeCxEvent {
  readonly event: 'ringing' | 'answeredIn' | 'endIn' | 'dialing' | 'answeredOut' | 'endOut';
  readonly callerid: string;
  readonly user: string;
  readonly usertype?: 'queue' | 'ext' | 'other';
  readonly did: string;
  readonly id: string;
  readonly finishtype?: 'Ok' | 'Missed';
  /** Talk seconds of an answered end; undefined for a missed one (Duration ""). */
  readonly talkSeconds?: number;
}

export interface ThreeCxWriterOptions {
  readonly token: string;
}

export const threeCxPath = (token: string) => `/api/webhooks/3cx?token=${encodeURIComponent(token)}`;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** JSON `Duration`: "00:06"; from an hour on "1:02:03". */
export function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}

/** The form `title`'s duration: "(0:07)"; from an hour on "(1:02:03)". */
function titleDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/** 3CX call ids look like `230307114903_10`: yymmddHHMMSS of the call's start, `_`, a counter. */
export function threeCxCallId(startedAt: number, n: number): string {
  const d = new Date(startedAt);
  const stamp = [
    d.getUTCFullYear() % 100,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ]
    .map(pad2)
    .join('');
  return `${stamp}_${n}`;
}

function json(e: ThreeCxEvent): Record<string, string> {
  const duration = e.talkSeconds === undefined ? '' : durationText(e.talkSeconds);
  switch (e.event) {
    case 'ringing':
      return {
        Event: 'ringing',
        Callerid: e.callerid,
        User: e.user,
        Usertype: e.usertype ?? 'ext',
        Did: e.did,
        Id: e.id,
      };
    case 'answeredIn':
    case 'answeredOut':
      return {
        Event: e.event === 'answeredIn' ? 'incomingcall_started' : 'outgoingcall_started',
        Callerid: e.callerid,
        User: e.user,
        Trtype: 'NotDef',
        Did: e.did,
        Id: e.id,
      };
    case 'endIn':
    case 'endOut':
      return {
        Event: e.event === 'endIn' ? 'incoming' : 'outgoing',
        Callerid: e.callerid,
        User: e.user,
        Finishtype: e.finishtype ?? 'Ok',
        Transfer: 'False',
        Did: e.did,
        Duration: duration,
        Id: e.id,
      };
    case 'dialing':
      return { Event: 'dialing', Callerid: e.callerid, User: e.user, Id: e.id };
  }
}

function title(e: ThreeCxEvent): string {
  const answered = e.finishtype !== 'Missed';
  const talk = e.talkSeconds === undefined ? '' : ` (${titleDuration(e.talkSeconds)})`;
  if (e.event === 'endOut') {
    return answered ? `Successful call to ${e.callerid}${talk}` : `Unanswered call to ${e.callerid}`;
  }
  const prefix = e.did === '' ? '' : `${e.did}:`;
  return answered
    ? `${prefix}Answered call from ${e.callerid}${talk}`
    : `${prefix}Missed call by queue ${e.user} from ${e.callerid}`;
}

function form(e: ThreeCxEvent): [string, string][] {
  switch (e.event) {
    case 'ringing':
      return [
        ['event', 'ringing'],
        ['callerid', e.callerid],
        ['user', e.user],
        ['usertype', e.usertype ?? 'ext'],
        ['did', e.did],
        ['id', e.id],
      ];
    case 'answeredIn':
    case 'answeredOut':
      return [
        ['event', e.event === 'answeredIn' ? 'hangupincoming' : 'hangupoutgoing'],
        ['callerid', e.callerid],
        ['user', e.user],
        ['did', e.did],
        ['trtype', 'NotDef'],
        ['id', e.id],
      ];
    case 'endIn':
    case 'endOut':
      return [
        ['event', e.event === 'endIn' ? 'incoming' : 'outgoing'],
        ['callerid', e.callerid],
        ['user', e.user],
        ['finishtype', e.finishtype ?? 'Ok'],
        ['transfer', 'False'],
        ['did', e.did],
        ['title', title(e)],
        ['id', e.id],
      ];
    case 'dialing':
      return [
        ['event', 'dialing'],
        ['callerid', e.callerid],
        ['user', e.user],
        ['id', e.id],
      ];
  }
}

/**
 * The add-on writes values as they are (the doc shows raw spaces and colons in `title`); only a
 * character that would break the key=value structure is escaped.
 */
const formValue = (v: string) => (/[&=%+#]/.test(v) ? encodeURIComponent(v) : v);

/** One event as a request body of the given encoding. */
export function renderThreeCx(
  e: ThreeCxEvent,
  encoding: ThreeCxEncoding,
): { contentType: string; body: string } {
  if (encoding === 'json') return { contentType: 'application/json', body: JSON.stringify(json(e)) };
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: form(e)
      .map(([k, v]) => `${k}=${formValue(v)}`)
      .join('&'),
  };
}

/** Odd calls are sent as JSON, even calls as form bodies. */
export const encodingOf = (n: number): ThreeCxEncoding => (n % 2 === 1 ? 'json' : 'form');

/** The add-on events of one change, with the call number that picks the encoding. */
export function threeCxEvents(c: CallChange): { n: number; events: ThreeCxEvent[] } {
  switch (c.type) {
    case 'queued':
    case 'ringing':
    case 'answered':
    case 'left':
    case 'talkEnded': {
      const call = c.call;
      const base = { callerid: call.caller, did: call.did };
      const id = (leg: number) => `${threeCxCallId(call.startedAt, call.n)}-${leg}`;
      const q = call.queue.number;
      const events: ThreeCxEvent[] =
        c.type === 'queued'
          ? [{ ...base, event: 'ringing', user: q, usertype: 'queue', id: id(0) }]
          : c.type === 'ringing'
            ? [{ ...base, event: 'ringing', user: c.agent, usertype: 'ext', id: id(0) }]
            : c.type === 'answered'
              ? [{ ...base, event: 'answeredIn', user: c.agent, id: id(1) }]
              : c.type === 'left'
                ? [{ ...base, event: 'endIn', user: q, finishtype: 'Missed', id: id(0) }]
                : [
                    {
                      ...base,
                      event: 'endIn',
                      user: c.agent,
                      finishtype: 'Ok',
                      talkSeconds: c.talkSeconds,
                      id: id(1),
                    },
                  ];
      return { n: call.n, events };
    }
    case 'callbackDialled':
    case 'callbackConnected':
    case 'callbackEnded': {
      const call = c.call;
      const base = { callerid: call.customer, user: call.agent, did: '' };
      const id = (leg: number) => `${threeCxCallId(call.startedAt, call.n)}-${leg}`;
      const events: ThreeCxEvent[] =
        c.type === 'callbackDialled'
          ? [{ ...base, event: 'dialing', id: id(0) }]
          : c.type === 'callbackConnected'
            ? [{ ...base, event: 'answeredOut', id: id(1) }]
            : [{ ...base, event: 'endOut', finishtype: 'Ok', talkSeconds: c.talkSeconds, id: id(1) }];
      return { n: call.n, events };
    }
    default:
      // pbx messages, a ring that stops, wrap-up: the add-on has no event for them.
      return { n: 0, events: [] };
  }
}

/** The payloads of a batch of changes, in order. Pure. */
export function threeCxPayloads(changes: readonly CallChange[], o: ThreeCxWriterOptions): WebhookRequest[] {
  const path = threeCxPath(o.token);
  return changes.flatMap((c) => {
    const { n, events } = threeCxEvents(c);
    return events.map((e) => {
      const { contentType, body } = renderThreeCx(e, encodingOf(n));
      return {
        kind: '3cx' as const,
        at: c.at,
        path,
        contentType,
        headers: { 'content-type': contentType },
        body,
      };
    });
  });
}
