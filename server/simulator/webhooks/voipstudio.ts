import { createHash } from 'node:crypto';
import type { CallbackCall, CallChange, InboundCall, WebhookRequest } from './types';

/**
 * VoIPstudio webhooks (seed 004): one JSON `call.*` event per state change of each object the call
 * touches, told apart by `context`: QUEUE for the queue (dst = queue number), LOCAL_USER for an
 * agent's phone (dst = the agent on inbound calls, src on outbound ones). The token is the last
 * path segment. Attributes in the document's order (`id` … `dst_name`), times `Y-m-d H:i:s` in UTC,
 * `connected_at` null until answered, `duration` 0 until the end, `t_cause` null until the end — the
 * same conventions as fixtures/voipstudio.
 *
 * The queue flow: `call.initial` at the queue, `call.ringing` at each agent rung (a ring that stops
 * unanswered is a LOCAL_USER `call.missed`), `call.connected` when one answers, `call.hangup` with the
 * talk seconds as `duration`, then `queue.wrapup` START / END. A caller who leaves unanswered is a
 * QUEUE `call.missed` — which, as the document says, is the same whether the caller gave up or the
 * queue's maximum wait was reached, so overflows (and callback requests) count as abandoned. A
 * callback is the agent's outbound call (LOCAL_USER, destination "out"). No SLA breach reports.
 */

export interface VoipstudioWriterOptions {
  readonly token: string;
  /** call_id of call n is base + n (VoIPstudio call ids are integers). */
  readonly callIdBase: number;
}

export const voipstudioPath = (token: string) => `/api/webhooks/voipstudio/${encodeURIComponent(token)}`;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ms → "Y-m-d H:i:s" in UTC. */
export function ymdHis(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

/** "Unique ID for single call": stable for a session. */
const hashOf = (sessionId: string) => createHash('md5').update(sessionId).digest('hex');
/** A SIP name-addr like the doc's `"442035141598" <2035141598>`. */
const nameAddr = (name: string, number: string) => `"${name === '' ? number : name}" <${number}>`;
/** Numeric user / queue ids: invented, stable per number. */
const userId = (extension: string) => 120_000 + Number(extension);
const queueId = (number: string) => 3_000 + (Number(number) % 1000);
/** Users' display names are not in the model's messages: the board shows the extension. */
const agentName = (extension: string) => `Agent ${extension}`;

type Context = 'QUEUE' | 'LOCAL_USER';

interface Step {
  readonly at: number;
  readonly name: string;
  readonly state: string;
  readonly context: Context;
  /** The agent whose phone this is (LOCAL_USER). */
  readonly agent?: string;
  readonly duration?: number;
  readonly cause?: string;
}

function inboundEvent(call: InboundCall, step: Step, seq: number, o: VoipstudioWriterOptions) {
  const connected = call.answeredAt !== undefined && call.answeredAt <= step.at ? call.answeredAt : undefined;
  const atUser = step.context === 'LOCAL_USER' && step.agent !== undefined;
  const callId = o.callIdBase + call.n;
  return {
    id: `ev-${callId}-${seq}`,
    event_time: ymdHis(step.at),
    event_name: step.name,
    call_id: callId,
    state: step.state,
    connected_at: connected === undefined ? null : ymdHis(connected),
    start_time: ymdHis(call.startedAt),
    context: step.context,
    destination: 'in',
    duration: step.duration ?? 0,
    t_cause: step.cause ?? null,
    src: call.caller,
    src_id: null,
    src_name: nameAddr(call.callerName, call.caller),
    src_hash: hashOf(call.sessionId),
    dst: atUser ? step.agent : call.queue.number,
    dst_id: atUser && step.agent !== undefined ? userId(step.agent) : queueId(call.queue.number),
    dst_name: atUser && step.agent !== undefined ? agentName(step.agent) : call.queue.name,
  };
}

function outboundEvent(call: CallbackCall, step: Step, seq: number, o: VoipstudioWriterOptions) {
  const connected =
    call.connectedAt !== undefined && call.connectedAt <= step.at ? call.connectedAt : undefined;
  const callId = o.callIdBase + call.n;
  return {
    id: `ev-${callId}-${seq}`,
    event_time: ymdHis(step.at),
    event_name: step.name,
    call_id: callId,
    state: step.state,
    connected_at: connected === undefined ? null : ymdHis(connected),
    start_time: ymdHis(call.startedAt),
    context: 'LOCAL_USER',
    destination: 'out',
    duration: step.duration ?? 0,
    t_cause: step.cause ?? null,
    src: call.agent,
    src_id: userId(call.agent),
    src_name: call.agentName === '' ? agentName(call.agent) : call.agentName,
    src_hash: hashOf(call.sessionId),
    dst: call.customer,
    dst_id: null,
    dst_name: nameAddr(call.customerName, call.customer),
  };
}

const talkOf = (call: InboundCall) =>
  call.answeredAt !== undefined && call.endedAt !== undefined
    ? Math.round((call.endedAt - call.answeredAt) / 1000)
    : 0;

/** The event body of one change, or undefined when VoIPstudio has nothing to say about it. */
export function voipstudioEvent(c: CallChange, o: VoipstudioWriterOptions): object | undefined {
  const user = (agent: string) => ({ context: 'LOCAL_USER' as const, agent });
  const queue = { context: 'QUEUE' as const };
  const at = c.at;
  switch (c.type) {
    case 'queued':
      return inboundEvent(c.call, { at, name: 'call.initial', state: 'INITIAL', ...queue }, c.seq, o);
    case 'ringing':
      return inboundEvent(c.call, { at, name: 'call.ringing', state: 'RINGING', ...user(c.agent) }, c.seq, o);
    case 'ringEnded': {
      const cause = c.why === 'noAnswer' ? 'No Answer' : 'Originator Cancel';
      const step = { at, name: 'call.missed', state: 'HANGUP', cause, ...user(c.agent) };
      return inboundEvent(c.call, step, c.seq, o);
    }
    case 'answered':
      return inboundEvent(
        c.call,
        { at, name: 'call.connected', state: 'CONNECTED', ...user(c.agent) },
        c.seq,
        o,
      );
    case 'left': {
      const cause = c.why === 'overflow' ? 'No Answer' : 'Originator Cancel';
      return inboundEvent(c.call, { at, name: 'call.missed', state: 'HANGUP', cause, ...queue }, c.seq, o);
    }
    case 'talkEnded': {
      const step = {
        at,
        name: 'call.hangup',
        state: 'HANGUP',
        duration: c.talkSeconds,
        cause: 'Normal Clearing',
        ...user(c.agent),
      };
      return inboundEvent(c.call, step, c.seq, o);
    }
    case 'wrapStarted':
    case 'wrapEnded': {
      const state = c.type === 'wrapStarted' ? 'START' : 'END';
      const step = {
        at,
        name: 'queue.wrapup',
        state,
        duration: talkOf(c.call),
        cause: 'Normal Clearing',
        ...user(c.agent),
      };
      return inboundEvent(c.call, step, c.seq, o);
    }
    case 'callbackDialled':
      return outboundEvent(
        c.call,
        { at, name: 'call.initial', state: 'INITIAL', context: 'LOCAL_USER' },
        c.seq,
        o,
      );
    case 'callbackConnected':
      return outboundEvent(
        c.call,
        { at, name: 'call.connected', state: 'CONNECTED', context: 'LOCAL_USER' },
        c.seq,
        o,
      );
    case 'callbackEnded': {
      const step = {
        at,
        name: 'call.hangup',
        state: 'HANGUP',
        context: 'LOCAL_USER' as const,
        duration: c.talkSeconds,
        cause: 'Normal Clearing',
      };
      return outboundEvent(c.call, step, c.seq, o);
    }
    case 'pbx':
      return undefined;
  }
}

/** The payloads of a batch of changes, in order. Pure. */
export function voipstudioPayloads(
  changes: readonly CallChange[],
  o: VoipstudioWriterOptions,
): WebhookRequest[] {
  const path = voipstudioPath(o.token);
  return changes.flatMap((c) => {
    const event = voipstudioEvent(c, o);
    if (!event) return [];
    return [
      {
        kind: 'voipstudio' as const,
        at: c.at,
        path,
        contentType: 'application/json',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      },
    ];
  });
}
