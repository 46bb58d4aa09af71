import type { DomainEvent, SourceKind } from '../../lib/domain/events';

/**
 * What the rest of the server may ask of storage. The SQLite implementation (server/storage/sqlite…)
 * is the only one; these interfaces exist so each consumer states exactly what it depends on.
 */

/** One arrival of normalized events, journaled together (one webhook body, one WSI frame batch). */
export interface JournalEntry {
  /** Configured source id, e.g. "portsip", "3cx-main". */
  readonly source: string;
  readonly kind: SourceKind;
  /** When it arrived at this server, ms since epoch. */
  readonly receivedAt: number;
  readonly events: readonly DomainEvent[];
  /** The payload as received, kept for `rawRetentionDays` (webhooks; WSI may omit it). */
  readonly raw?: { readonly contentType: string; readonly body: string };
  /**
   * Idempotency key. When given and already stored (within the dedupe retention), nothing is written
   * and the result says `duplicate: true`.
   */
  readonly dedupeKey?: string;
}

export interface AppendResult {
  readonly duplicate: boolean;
}

/** Thrown (or used to reject) when the database cannot take writes: callers answer 503, never 2xx. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

export interface Journal {
  /**
   * Durably store an entry. Resolves only after the transaction holding it has committed (group
   * commit: entries arriving in the same tick share one transaction). Rejects with
   * StorageUnavailableError when the database cannot write.
   */
  append(entry: JournalEntry): Promise<AppendResult>;
  /** Every journaled event received at or after `fromMs`, in journal (arrival) order. */
  eventsReceivedSince(fromMs: number): Iterable<DomainEvent>;
}

export interface DeadLetterInput {
  readonly source: string;
  readonly kind: SourceKind;
  readonly receivedAt: number;
  /** HTTP status we answered, and why (the same text as the reply). */
  readonly status: number;
  readonly reason: string;
  readonly method: string;
  /** Path and query with any token replaced by "[secret]". */
  readonly url: string;
  /** Request headers with Authorization, Cookie and token-bearing values replaced by "[secret]". */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  readonly body: string;
}

export interface DeadLetter extends DeadLetterInput {
  readonly id: number;
  /** When an admin replayed it, and what came of it ("accepted 3 events", "still invalid: …"). */
  readonly replayedAt: number | null;
  readonly replayResult: string | null;
}

export interface DeadLetters {
  add(letter: DeadLetterInput): number;
  /** Newest first. */
  list(options?: {
    readonly limit?: number;
    readonly beforeId?: number;
    readonly source?: string;
  }): DeadLetter[];
  get(id: number): DeadLetter | undefined;
  markReplayed(id: number, at: number, result: string): void;
}

/** One queue's figures for one 15-minute bucket of one day (docs/metrics.md names the fields). */
export interface QuarterFigures {
  readonly day: string; // YYYY-MM-DD in the board timezone
  readonly queue: string; // queue key
  readonly bucketStart: number; // ms
  readonly figures: Readonly<Record<string, number | null>>;
}

export interface FigureHistory {
  save(rows: readonly QuarterFigures[]): void;
  forDay(day: string): QuarterFigures[];
}

/** A stored board definition (lib/board/model.ts validates the JSON). */
export interface BoardStore {
  list(): { id: string; config: unknown }[];
  get(id: string): { id: string; config: unknown } | undefined;
  put(id: string, config: unknown): void;
  delete(id: string): boolean;
}

export interface RetentionPolicy {
  readonly journalDays: number;
  readonly rawDays: number;
  readonly dedupeHours: number;
  readonly deadLetterDays: number;
}
