import { HEARTBEAT_MS } from '../../lib/protocol';
import { DEFAULT_HANDSHAKE_LIMITS, type HandshakeLimits } from './handshakeLimiter';
import { DEFAULT_RING_LIMITS, type RingLimits } from './patchRing';

/** What one viewer may cost the server (server/realtime/viewers.ts), and how the stream is paced. */
export interface LinkLimits {
  /** Unsent bytes one socket may hold before it is dropped (a snapshot at 50 × 100 is ~1 MB). */
  readonly maxBufferedBytes: number;
  /** At most one snapshot or replay per socket per this long, whatever it asks. */
  readonly answerIntervalMs: number;
  /** An idle stream gets a heartbeat at least this often. */
  readonly heartbeatMs: number;
  /** Client messages one socket may send per `floodWindowMs` (a healthy client sends a few). */
  readonly maxMessages: number;
  readonly floodWindowMs: number;
  /** A room outlives its last viewer this long, so a board's only screen can resume after a blip. */
  readonly roomKeepMs: number;
  readonly ring: RingLimits;
  readonly handshakes: HandshakeLimits;
}

export const DEFAULT_LINK_LIMITS: LinkLimits = {
  maxBufferedBytes: 8 * 1024 * 1024,
  answerIntervalMs: 5000,
  heartbeatMs: HEARTBEAT_MS,
  maxMessages: 50,
  floodWindowMs: 10_000,
  roomKeepMs: 120_000,
  ring: DEFAULT_RING_LIMITS,
  handshakes: DEFAULT_HANDSHAKE_LIMITS,
};
