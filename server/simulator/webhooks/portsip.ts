import { unix } from '../wsiMessages';
import type { CallChange, InboundCall, WebhookRequest } from './types';

/**
 * PortSIP "Event URL" webhook (seeds 000, 001): JSON bodies, `Authorization: Bearer <token>`.
 *
 * - `call_start` and `call_cdr` are the model's own CDR messages (server/simulator/cdr.ts), posted
 *   unchanged: the same shapes the WSI `cdr_events` topic carries.
 * - `cdr_target_*` report each call target as it changes, so a queue's figures move while the call
 *   runs rather than only when its CDR arrives: the queue target is added and answered at once (the
 *   queue plays music on hold, as the CDR's queue target says), agents ring, answer or ring out, the
 *   queue target ends when the caller leaves it; an overflowed caller's next target is added.
 *   Keys and their order follow the Call Target Event table of seed 000, `destiantion` (sic)
 *   included: it is the only spelling the document gives these events (the reader accepts both).
 *
 * What a PortSIP webhook cannot tell (so the figures fed by it differ from the ground truth here):
 * a callback request ends the call like a hang-up (its later call-back is an outbound call of its
 * own), so callbacks count as abandoned; there is no wrap-up, so AHT is talk time only; no SLA
 * breach reports. And a CDR never says which target is a queue: the receiving app must know the
 * queue number of the tenant (see `queueFacts` in feeder.ts).
 */

export interface PortsipWriterOptions {
  readonly token: string;
  /** SIP domain of the tenant, for the targets' addresses (sip:101@domain). */
  readonly domain: string;
}

export const PORTSIP_PATH = '/api/webhooks/portsip';

type TargetEvent =
  | 'cdr_target_add'
  | 'cdr_target_ringing'
  | 'cdr_target_answer'
  | 'cdr_target_noanswer'
  | 'cdr_target_end';

/** A call target event, keys in the order of the seed 000 table. */
export function targetEvent(
  type: TargetEvent,
  call: InboundCall,
  target: string,
  at: number,
  domain: string,
): Record<string, string> {
  return {
    event_type: type,
    time: unix(at),
    session_id: call.sessionId,
    cdr_id: call.cdrId,
    tenant_id: call.tenantId,
    direction: 'in',
    destiantion: `sip:${target}@${domain}`,
    caller: call.caller,
    did: call.did,
    outbound_caller_id: '',
  };
}

/** The payloads of a batch of changes, in order. Pure. */
export function portsipPayloads(changes: readonly CallChange[], o: PortsipWriterOptions): WebhookRequest[] {
  const out: WebhookRequest[] = [];
  const post = (at: number, body: object) =>
    out.push({
      kind: 'portsip-webhook',
      at,
      path: PORTSIP_PATH,
      contentType: 'application/json',
      headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const target = (type: TargetEvent, call: InboundCall, who: string, at: number) =>
    post(at, targetEvent(type, call, who, at, o.domain));

  for (const c of changes) {
    switch (c.type) {
      case 'pbx':
        post(c.at, c.message);
        break;
      case 'queued':
        target('cdr_target_add', c.call, c.call.queue.number, c.at);
        target('cdr_target_answer', c.call, c.call.queue.number, c.at);
        break;
      case 'ringing':
        target('cdr_target_ringing', c.call, c.agent, c.at);
        break;
      case 'ringEnded':
        target('cdr_target_noanswer', c.call, c.agent, c.at);
        break;
      case 'answered':
        // The agent first, then the queue target's end: read in this order the stay is never
        // "abandoned", even for an instant.
        target('cdr_target_answer', c.call, c.agent, c.at);
        target('cdr_target_end', c.call, c.call.queue.number, c.at);
        break;
      case 'left':
        if (c.overflowTo !== undefined) target('cdr_target_add', c.call, c.overflowTo, c.at);
        target('cdr_target_end', c.call, c.call.queue.number, c.at);
        break;
      case 'talkEnded':
        target('cdr_target_end', c.call, c.agent, c.at);
        break;
      default:
        break; // wrap-up and the callback call's steps: the CDR messages say what PortSIP says
    }
  }
  return out;
}
