import type { JsonValue } from '../json/readJson';
import { requirePlausibleTimes } from './plausible';
import { readPortsipWebhook } from './portsip/webhook';
import { readWsiFrame, type WsiFrame, type WsiSnapshot } from './portsip/wsi';
import { readThreeCx, type ThreeCxBody, type ThreeCxRead } from './threecx/normalize';
import type { NormalizeContext, Normalized } from './types';
import { normalizeVoipstudio } from './voipstudio/normalize';

/**
 * The edge's one entry point per source: the vendor normalizer, then the checks every source shares
 * (PBX times near the arrival time). The server calls these, never the normalizers directly.
 */
export const normalizeAtEdge = {
  portsipWsiFrame(frame: string, ctx: NormalizeContext): WsiFrame {
    const read = readWsiFrame(frame, ctx);
    return read.kind === 'reply' ? read : { ...read, result: requirePlausibleTimes(read.result, ctx) };
  },
  portsipWebhook(body: string, ctx: NormalizeContext): Normalized {
    return normalizeAtEdge.portsipWebhookRead(body, ctx).result;
  },
  /** The webhook path's one read of a PortSIP body: the result, and bad JSON versus bad content. */
  portsipWebhookRead(body: string, ctx: NormalizeContext): { result: Normalized; malformed: boolean } {
    const read = readPortsipWebhook(body, ctx);
    return { result: requirePlausibleTimes(read.result, ctx), malformed: read.malformed };
  },
  threeCx(body: ThreeCxBody, ctx: NormalizeContext): Normalized {
    return readThreeCx(body, ctx).result;
  },
  /** The webhook path's one read of a 3CX body: the result, its dedupe fields, syntax versus content. */
  threeCxRead(body: ThreeCxBody, ctx: NormalizeContext): ThreeCxRead {
    // 3CX events carry their arrival time; nothing to check.
    return readThreeCx(body, ctx);
  },
  voipstudio(payload: JsonValue, ctx: NormalizeContext): Normalized {
    return requirePlausibleTimes(normalizeVoipstudio(payload, ctx), ctx);
  },
};

export type { ThreeCxFields } from './threecx/decodeBody';
export { sniffEncoding as sniffThreeCxEncoding } from './threecx/decodeBody';
export type { NormalizeContext, Normalized, ThreeCxBody, ThreeCxRead, WsiFrame, WsiSnapshot };
