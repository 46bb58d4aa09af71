import type { AlertChannel } from '../../../lib/settings/alertChannels';
import type { AlertNotification } from '../notification';

/** A saved channel with its secret revealed: what a sender needs for one attempt, and no longer. */
export type ResolvedChannel = AlertChannel & {
  readonly id: string;
  /** Slack/Teams: the webhook URL; webhook: the signing secret; e-mail: the SMTP password. */
  readonly secret: string | undefined;
};

/** One notification as every channel tells it (message.ts). */
export interface OutboundMessage {
  readonly notification: AlertNotification;
  /**
   * Stable per (notification id, kind): the same on every retry, so a receiver can drop a repeat
   * (Standard Webhooks' `webhook-id`, the e-mail's Message-ID).
   */
  readonly messageId: string;
  /** The notification's path made absolute with PUBLIC_URL; null without one of them. */
  readonly link: string | null;
}

/** What one attempt came to. */
export interface Delivery {
  readonly ok: boolean;
  /** HTTP status, or the SMTP reply code; null when the receiver never answered. */
  readonly status: number | null;
  /** The receiver's words or the reason it failed, short and never holding a secret. */
  readonly detail: string | null;
  /** Whether trying again later may help (a 5xx, 429, a timeout, a refused connection); a 4xx will not. */
  readonly retry: boolean;
  /** The receiver's Retry-After, when it gave one. */
  readonly retryAfterMs?: number;
}

/** Delivers one message over one channel; never throws (a failure is a Delivery with ok: false). */
export type ChannelSender = (
  channel: ResolvedChannel,
  message: OutboundMessage,
  signal: AbortSignal,
) => Promise<Delivery>;

/** The timers the queues and attempt deadlines run on (injected: tests drive them). */
export interface ChannelTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: ChannelTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending retry never keeps a stopping process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
