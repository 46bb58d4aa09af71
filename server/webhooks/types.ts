import type { Logger } from 'pino';
import type { AppendResult, DeadLetters, JournalEntry } from '../storage/types';
import type { TestEventReceiver } from './testEvent';

/** The source kinds that arrive as webhooks. */
export type WebhookKind = 'portsip-webhook' | '3cx' | 'voipstudio';

export interface WebhookSourceConfig {
  /** Configured source id, copied into every event and journal entry. */
  readonly id: string;
  readonly kind: WebhookKind;
  /** The current secret and any rotated-out one still accepted. Empty = endpoint disabled (404). */
  readonly secrets: readonly string[];
}

export interface WebhookLimits {
  /** Largest body accepted, bytes (default 65536). */
  readonly maxBodyBytes?: number;
  /** Failed authentications per client IP per minute before it gets 429 (default 20). */
  readonly authFailuresPerMinute?: number;
}

export interface WebhookReceiverOptions {
  /** Read on every request: settings may change while the server runs (cached: sourceSettings.ts). */
  readonly sources: () => readonly WebhookSourceConfig[] | Promise<readonly WebhookSourceConfig[]>;
  /** Journal durably and apply to the live state; rejects (StorageUnavailableError) when storage is down. */
  readonly accept: (entry: JournalEntry) => Promise<AppendResult>;
  readonly deadLetters: Pick<DeadLetters, 'add'>;
  readonly now: () => number;
  readonly logger: Logger;
  /** Server secret for the HMAC in Digest nonces. */
  readonly digestKey: Buffer;
  readonly limits?: WebhookLimits;
  /** TRUST_PROXY: failed authentications are counted per the address the proxy reports. */
  readonly trustProxy?: boolean;
  /** "Send test event" from the settings (testEvent.ts); without it the test header is ignored. */
  readonly testEvents?: TestEventReceiver;
  /** What the receiver answered, for `GET /metrics` (server/http/metricsProcess.ts); optional. */
  readonly counts?: WebhookCounts;
}

/**
 * A sink for the receiver's answers. `kind` is null when the path names no known kind (its raw
 * segment is never a label: anyone can make up paths). Test events from the settings are not counted.
 */
export interface WebhookCounts {
  answered(kind: WebhookKind | null, status: number): void;
  deadLettered(kind: WebhookKind): void;
}

/** What a dead-letter replay needs: no authentication, no limits, no clock (the letter has its time). */
export type ReplayDeps = Pick<WebhookReceiverOptions, 'accept' | 'logger'>;

/** URL path segment after /api/webhooks/ → source kind. */
export const KIND_BY_SEGMENT: ReadonlyMap<string, WebhookKind> = new Map([
  ['portsip', 'portsip-webhook'],
  ['3cx', '3cx'],
  ['voipstudio', 'voipstudio'],
]);

export const DEFAULT_MAX_BODY_BYTES = 65536;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;
