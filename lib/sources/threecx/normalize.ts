import type {
  CallEnded,
  CallLegAdded,
  CallLegAnswered,
  CallLegEnded,
  CallLegRinging,
  CallParties,
  CallStarted,
  LegTargetKind,
} from '../../domain/events';
import { clockDuration, text } from '../fields';
import { accepted, eventTime, ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { type DecodedFields, decodeFormFields, decodeJsonFields, type ThreeCxFields } from './decodeBody';

/**
 * 3CX "WebhooksApi" add-on payloads. The add-on posts JSON (capitalised keys), form-encoded bodies or GET
 * query strings (lowercase keys), and the recording as a bare URL in a text/plain body.
 */
export type ThreeCxBody =
  | { encoding: 'json'; text: string }
  | { encoding: 'form'; text: string }
  | { encoding: 'text'; text: string };

const RECORDING_IGNORED = 'recording ready: not a wallboard fact';
/** The outbound leg has no extension of its own in 3CX's payloads: one fixed leg per call. */
const OUTBOUND_LEG = 'out';

/**
 * A body read once: the normalized result, plus what the edge needs besides the events, so that it
 * never decodes the body a second time. `fields`: the decoded field map (the retry-stable fact the
 * idempotency key is made of: 3CX sends no time, so the events differ on every retry). `malformed`:
 * a JSON body that is not JSON even after the repair rule (a 400, not a 422).
 */
export interface ThreeCxRead {
  readonly result: Normalized;
  readonly fields?: ThreeCxFields;
  readonly malformed: boolean;
}

/** Pure and total: every input gives a Normalized result, never an exception. */
export function normalizeThreeCx(body: ThreeCxBody, ctx: NormalizeContext): Normalized {
  return readThreeCx(body, ctx).result;
}

export function readThreeCx(body: ThreeCxBody, ctx: NormalizeContext): ThreeCxRead {
  if (body.text.trim() === '') return { result: rejected('empty body'), malformed: false };
  switch (body.encoding) {
    case 'json':
      return fromDecoded(decodeJsonFields(body.text), ctx);
    case 'form':
      return fromDecoded(decodeFormFields(body.text), ctx);
    case 'text':
      return { result: recordingUrl(body.text), malformed: false };
    default:
      return { result: rejected('unsupported body encoding'), malformed: false };
  }
}

function recordingUrl(body: string): Normalized {
  return /^https?:\/\/\S+$/i.test(body.trim())
    ? ignored(RECORDING_IGNORED)
    : rejected('text/plain body is not a recording URL');
}

function fromDecoded(decoded: DecodedFields, ctx: NormalizeContext): ThreeCxRead {
  if (!decoded.ok) return { result: rejected(decoded.error), malformed: decoded.malformed };
  const { fields } = decoded;
  const result = fromFields(fields, ctx);
  // Repair warnings survive an ignored result too: the payload was still damaged.
  if (!result.ok || decoded.warnings.length === 0) return { result, fields, malformed: false };
  const warnings = [...(result.warnings ?? []), ...decoded.warnings];
  return { result: { ...result, warnings }, fields, malformed: false };
}

/** What every 3CX call event carries. 3CX sends no timestamps, so the arrival time is the event time. */
interface CallBase {
  readonly source: string;
  readonly origin: '3cx';
  readonly at: number;
  readonly atArrival?: true;
  readonly callId: string;
}

type Build = (base: CallBase, fields: ThreeCxFields, eventName: string) => Normalized;

/** Event names, lowercased. The form variant calls the answer `hangupincoming` / `hangupoutgoing`. */
const BUILDERS: ReadonlyMap<string, Build> = new Map<string, Build>([
  ['ringing', inboundRinging],
  ['incomingcall_started', inboundAnswered],
  ['pickupincoming', inboundAnswered],
  ['hangupincoming', inboundAnswered],
  ['dialing', outboundDialing],
  ['outgoingcall_started', outboundAnswered],
  ['pickupoutgoing', outboundAnswered],
  ['hangupoutgoing', outboundAnswered],
  ['incoming', inboundEnded],
  ['outgoing', outboundEnded],
]);

function fromFields(fields: ThreeCxFields, ctx: NormalizeContext): Normalized {
  const eventName = text(fields.get('event'));
  if (eventName === undefined) return rejected('3CX payload has no Event');
  const key = eventName.toLowerCase();
  if (key === 'recording') return ignored(RECORDING_IGNORED);
  const build = BUILDERS.get(key);
  // Ignored, not an error: the add-on may grow events the wallboard has no use for.
  if (!build) return ignored(`unknown 3CX event "${eventName}"`);
  // Id is required only here, where events are correlated; ignored payloads need none.
  const id = text(fields.get('id'));
  if (id === undefined) return rejected('3CX payload has no Id');
  const callId = callIdOf(id);
  if (callId === '') return rejected(`3CX Id "${id}" has no call part`);
  // 3CX sends no times: every event is stamped on arrival (server clock).
  const time = eventTime(undefined, ctx);
  return build({ source: ctx.source, origin: '3cx', ...time, callId }, fields, eventName);
}

/** `230307114903_10-1` → `230307114903_10`: the `-N` suffix numbers the legs of one call. */
function callIdOf(id: string): string {
  return id.replace(/-\d+$/, '');
}

// --- inbound ----------------------------------------------------------------------------------

function inboundRinging(base: CallBase, fields: ThreeCxFields, eventName: string): Normalized {
  const user = text(fields.get('user'));
  if (user === undefined) return missingUser(eventName);
  const ringing: CallLegRinging = {
    ...base,
    type: 'callLegRinging',
    leg: user,
    target: user,
    targetKind: targetKindOf(fields.get('usertype')),
  };
  return accepted([callStarted(base, inboundParties(fields)), ringing]);
}

function inboundAnswered(base: CallBase, fields: ThreeCxFields, eventName: string): Normalized {
  const user = text(fields.get('user'));
  if (user === undefined) return missingUser(eventName);
  // Only a person at an extension picks up, so the kind is known even without Usertype.
  const answered: CallLegAnswered = {
    ...base,
    type: 'callLegAnswered',
    leg: user,
    target: user,
    targetKind: 'extension',
  };
  return accepted([callStarted(base, inboundParties(fields)), answered]);
}

function inboundEnded(base: CallBase, fields: ThreeCxFields, eventName: string): Normalized {
  const user = text(fields.get('user'));
  if (user === undefined) return missingUser(eventName);
  // `incoming` has no Usertype; the reducer keeps the kind it learnt when the leg rang.
  return ended(base, fields, user, user, 'unknown');
}

function inboundParties(fields: ThreeCxFields): CallParties {
  return withoutUndefined({ direction: 'inbound', caller: callerIdOf(fields), did: text(fields.get('did')) });
}

function targetKindOf(value: unknown): LegTargetKind {
  switch (text(value)?.toLowerCase()) {
    case 'queue':
      return 'queue';
    case 'ext':
      return 'extension';
    case 'other':
      return 'other'; // IVR, ring group member lists, …
    default:
      return 'unknown';
  }
}

function missingUser(eventName: string): Normalized {
  return rejected(`3CX ${eventName} event has no User`);
}

// --- outbound ---------------------------------------------------------------------------------

function outboundDialing(base: CallBase, fields: ThreeCxFields): Normalized {
  const added: CallLegAdded = { ...base, type: 'callLegAdded', ...outboundLeg(fields) };
  return accepted([callStarted(base, outboundParties(fields)), added]);
}

function outboundAnswered(base: CallBase, fields: ThreeCxFields): Normalized {
  const answered: CallLegAnswered = { ...base, type: 'callLegAnswered', ...outboundLeg(fields) };
  return accepted([callStarted(base, outboundParties(fields)), answered]);
}

function outboundEnded(base: CallBase, fields: ThreeCxFields): Normalized {
  const leg = outboundLeg(fields);
  return ended(base, fields, leg.leg, leg.target, leg.targetKind);
}

/** On outbound events `User` is our extension and `Callerid` the number it called. */
function outboundParties(fields: ThreeCxFields): CallParties {
  return withoutUndefined({
    direction: 'outbound',
    caller: text(fields.get('user')),
    callee: callerIdOf(fields),
  });
}

function outboundLeg(fields: ThreeCxFields) {
  return {
    leg: OUTBOUND_LEG,
    target: callerIdOf(fields) ?? 'unknown',
    targetKind: 'other',
  } as const satisfies Pick<CallLegAdded, 'leg' | 'target' | 'targetKind'>;
}

// --- shared -----------------------------------------------------------------------------------

function callStarted(base: CallBase, parties: CallParties): CallStarted {
  return { ...base, type: 'callStarted', parties };
}

/**
 * End of a leg. A transferred leg ends but the call goes on with the transfer target, so only an
 * untransferred end also ends the call.
 */
function ended(
  base: CallBase,
  fields: ThreeCxFields,
  leg: string,
  target: string,
  targetKind: LegTargetKind,
): Normalized {
  const transferred = text(fields.get('transfer'))?.toLowerCase() === 'true';
  const legEnded: CallLegEnded = withoutUndefined({
    ...base,
    type: 'callLegEnded',
    leg,
    target,
    targetKind,
    talkSeconds: clockDuration(fields.get('duration')), // "" before an answer: omitted
    transferred,
  });
  if (transferred) return accepted([legEnded]);
  // No Finishtype means we do not know how the call ended: say nothing rather than "not answered".
  const finish = text(fields.get('finishtype'));
  const callEnded: CallEnded = withoutUndefined({
    ...base,
    type: 'callEnded',
    answered: finish === undefined ? undefined : finish.toLowerCase() === 'ok',
    reason: finish,
  });
  return accepted([legEnded, callEnded]);
}

/**
 * 3CX puts `MAKECALL` in Callerid for calls originated through its call-control API: a marker, not a
 * number, so it is never shown as a party or used as a leg target.
 */
function callerIdOf(fields: ThreeCxFields): string | undefined {
  const callerId = text(fields.get('callerid'));
  return callerId?.toUpperCase() === 'MAKECALL' ? undefined : callerId;
}

/** Optional fields are omitted, not set to undefined, so events compare and serialise cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
