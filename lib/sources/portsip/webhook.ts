import { type JsonValue, readJson } from '../../json/readJson';
import { isObject, text } from '../fields';
import { ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { CDR_EVENT_TYPES, normalizeCdrEvent } from './cdr';

/** A PortSIP "Event URL" webhook body (CDR events), as raw text: parsed losslessly here. */
export function normalizePortsipWebhook(body: string, ctx: NormalizeContext): Normalized {
  return readPortsipWebhook(body, ctx).result;
}

/** The body read once: the result, and whether a rejection is bad JSON (400) rather than content (422). */
export function readPortsipWebhook(
  body: string,
  ctx: NormalizeContext,
): { readonly result: Normalized; readonly malformed: boolean } {
  if (body.trim() === '') return { result: rejected('empty body'), malformed: false };
  const parsed = readJson(body);
  if (!parsed.ok) return { result: rejected(`invalid JSON: ${parsed.error.message}`), malformed: true };
  return { result: fromValue(parsed.value, ctx), malformed: false };
}

function fromValue(p: JsonValue, ctx: NormalizeContext): Normalized {
  if (!isObject(p)) return rejected('PortSIP webhook body is not a JSON object');
  const type = text(p.event_type);
  if (type === undefined) return rejected('PortSIP webhook body has no event_type');
  if (!CDR_EVENT_TYPES.has(type)) return ignored(`unknown PortSIP event_type "${type}"`);
  return normalizeCdrEvent(p, type, { source: ctx.source, origin: 'portsip-webhook' });
}
