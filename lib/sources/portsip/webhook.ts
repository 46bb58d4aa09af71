import { readJson } from '../../json/readJson';
import { isObject, text } from '../fields';
import { ignored, type NormalizeContext, type Normalized, rejected } from '../types';
import { CDR_EVENT_TYPES, normalizeCdrEvent } from './cdr';

/** A PortSIP "Event URL" webhook body (CDR events), as raw text: parsed losslessly here. */
export function normalizePortsipWebhook(body: string, ctx: NormalizeContext): Normalized {
  if (body.trim() === '') return rejected('empty body');
  const parsed = readJson(body);
  if (!parsed.ok) return rejected(`invalid JSON: ${parsed.error.message}`);
  const p = parsed.value;
  if (!isObject(p)) return rejected('PortSIP webhook body is not a JSON object');
  const type = text(p.event_type);
  if (type === undefined) return rejected('PortSIP webhook body has no event_type');
  if (!CDR_EVENT_TYPES.has(type)) return ignored(`unknown PortSIP event_type "${type}"`);
  return normalizeCdrEvent(p, type, { source: ctx.source, origin: 'portsip-webhook' });
}
