import type { RawData } from 'ws';
import type { DomainEvent } from '../../lib/domain/events';
import { type NormalizeContext, normalizeAtEdge, type WsiSnapshot } from '../../lib/sources';
import type { WsiReply } from './session';

/** What one incoming WebSocket frame turned out to be. */
export type FrameOutcome =
  | { readonly kind: 'bad'; readonly excerpt: string; readonly reason: string }
  | { readonly kind: 'reply'; readonly reply: WsiReply }
  | {
      readonly kind: 'accepted';
      readonly events: readonly DomainEvent[];
      /** Which resync snapshot the frame is, as the normalizer marked it: the session counts them. */
      readonly snapshot: WsiSnapshot | undefined;
      readonly ignored?: string;
      readonly warnings?: readonly string[];
    };

/** Log excerpt length: enough to recognise a frame, short enough not to flood the log with CDRs. */
export const FRAME_EXCERPT_CHARS = 200;

/** Every frame goes through the edge normalizer; nothing here decides what a frame means. */
export function readFrame(data: RawData, isBinary: boolean, ctx: NormalizeContext): FrameOutcome {
  if (isBinary) {
    return {
      kind: 'bad',
      excerpt: `<binary frame, ${byteLength(data)} bytes>`,
      reason: 'binary frame: WSI sends text only',
    };
  }
  const text = asText(data);
  const frame = normalizeAtEdge.portsipWsiFrame(text, ctx);
  if (frame.kind === 'reply') return frame;
  const r = frame.result;
  if (!r.ok) return { kind: 'bad', excerpt: text.slice(0, FRAME_EXCERPT_CHARS), reason: r.error };
  return {
    kind: 'accepted',
    events: r.events,
    snapshot: r.events.length > 0 ? frame.snapshot : undefined,
    ...(r.ignored === undefined ? {} : { ignored: r.ignored }),
    ...(r.warnings === undefined ? {} : { warnings: r.warnings }),
  };
}

function asText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}
