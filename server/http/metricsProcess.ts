import { Counter, Histogram, type Registry } from 'prom-client';
import type { WebhookCounts, WebhookKind } from '../webhooks/types';

/**
 * The process's own work at `GET /metrics`: what the webhook receiver answered, how long journal
 * writes take, what the hub published. The webhook and journal figures are pushed by sinks handed to
 * the receiver and the recorder (one registry per server, no global); the hub's are read on scrape.
 */
export interface ProcessReadings {
  /** The hub's counters: `seq` (published changes) and events applied, monotonic per process. */
  readonly hub: () => { readonly seq: number; readonly eventsApplied: number };
  /** The recorder's background journal writes that failed (a live link's batches). */
  readonly journalFailures: () => number;
}

export interface ProcessSinks {
  /** For the webhook receiver (server/webhooks/receiver.ts). */
  readonly webhooks: WebhookCounts;
  /** For the recorder: starts timing one journal write; call the result when it settled. */
  readonly timeJournalWrite: () => () => void;
}

/** Sub-millisecond to a stalled disk: a commit is ~1 ms on a healthy SSD, a full fsync far more. */
const JOURNAL_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A monotonic count kept elsewhere, read as it is on each scrape. */
function counterOf(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

export function registerProcessMetrics(registry: Registry, o: ProcessReadings): ProcessSinks {
  counterOf(
    registry,
    'callboard_patches_published_total',
    "Changes published to viewers (the hub's seq: one per patch, one per rebuild)",
    () => o.hub().seq,
  );
  counterOf(
    registry,
    'callboard_events_applied_total',
    'Domain events applied to the live state',
    () => o.hub().eventsApplied,
  );
  counterOf(
    registry,
    'callboard_journal_write_failures_total',
    'Background journal writes that failed (live-link batches; a webhook gets 503 instead)',
    o.journalFailures,
  );

  const accepted = new Counter({
    name: 'callboard_webhooks_accepted_total',
    help: 'Webhook requests answered 2xx (stored, or a duplicate acknowledged)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'callboard_webhooks_rejected_total',
    help: 'Webhook requests refused, by HTTP status (401 authentication, 413 too large, 422 unusable, …)',
    labelNames: ['kind', 'status'],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'callboard_webhook_dead_letters_total',
    help: 'Refused webhook payloads kept as dead letters for replay',
    labelNames: ['kind'],
    registers: [registry],
  });
  const journalWrite = new Histogram({
    name: 'callboard_journal_write_seconds',
    help: 'Journal appends (webhook entries and live-link batches), from the call to the commit',
    buckets: JOURNAL_BUCKETS,
    registers: [registry],
  });
  const kindLabel = (kind: WebhookKind | null) => kind ?? 'unknown';
  return {
    webhooks: {
      answered(kind, status) {
        if (status >= 200 && status < 300) accepted.inc({ kind: kindLabel(kind) });
        else rejected.inc({ kind: kindLabel(kind), status: String(status) });
      },
      deadLettered(kind) {
        deadLetters.inc({ kind });
      },
    },
    timeJournalWrite: () => journalWrite.startTimer(),
  };
}
