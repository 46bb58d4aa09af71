import type { DomainEvent, SourceKind } from '../../lib/domain/events';

/**
 * What the rest of the server may ask of storage. The SQLite implementation (server/storage/*.ts) is
 * the one the server runs on; these interfaces exist so each consumer states exactly what it depends
 * on, and so a network database can stand behind them: the config-side stores return promises (a
 * write's resolves once it is stored), and each has a contract suite (./contracts) any backend runs.
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
  /**
   * Every journaled event received at or after `fromMs`, in journal (arrival) order; with `afterId`,
   * only those of rows after that one (a restart checkpoint's position, server/resume.ts).
   */
  eventsReceivedSince(fromMs: number, afterId?: number): Iterable<DomainEvent>;
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

/**
 * Dead letters are kept per source up to a count and a size (body, headers and url bytes); adding
 * one past either drops that source's oldest, and counts them.
 */
export interface DeadLetterCaps {
  readonly letters: number;
  readonly bytes: number;
}

export interface DeadLetters {
  /** Stores the letter, dropping its source's oldest ones past the caps (one transaction); its id. */
  add(letter: DeadLetterInput): Promise<number>;
  /** How many of a source's letters (of every source's, without one) the caps dropped, ever. */
  dropped(source?: string): Promise<number>;
  /** Newest first. */
  list(options?: {
    readonly limit?: number;
    readonly beforeId?: number;
    readonly source?: string;
  }): Promise<DeadLetter[]>;
  get(id: number): Promise<DeadLetter | undefined>;
  markReplayed(id: number, at: number, result: string): Promise<void>;
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
  /** Ordered by id. */
  list(): Promise<{ id: string; config: unknown }[]>;
  get(id: string): Promise<{ id: string; config: unknown } | undefined>;
  /** Rejects with a TypeError (nothing written) when `config` is not JSON. */
  put(id: string, config: unknown): Promise<void>;
  /** Adds a board under a free id; false (and nothing written) when the id is taken. */
  insert(id: string, config: unknown): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface RetentionPolicy {
  readonly journalDays: number;
  readonly rawDays: number;
  readonly dedupeHours: number;
  readonly deadLetterDays: number;
}

/** People's roles. Displays are not users: they hold a board-scoped token instead. */
export type UserRole = 'admin' | 'supervisor';

/** A user as anyone but the password check may see it. */
export interface User {
  readonly id: number;
  /** Stored lower-case; unique regardless of case. */
  readonly email: string;
  readonly role: UserRole;
  readonly createdAt: number;
}

export interface NewUser {
  readonly email: string;
  /** Already hashed (server/auth/password.ts); storage never sees a password. */
  readonly passwordHash: string;
  readonly role: UserRole;
  readonly createdAt: number;
}

/** The email is taken (case-insensitively). */
export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`a user with the email "${email}" exists`);
    this.name = 'DuplicateEmailError';
  }
}

export interface UserStore {
  count(): Promise<number>;
  /** Ordered by id (creation order). */
  list(): Promise<User[]>;
  get(id: number): Promise<User | undefined>;
  /** With the stored hash, for the password check only. The email is matched without case. */
  credentialsOf(email: string): Promise<{ user: User; passwordHash: string } | undefined>;
  /** Rejects with DuplicateEmailError (email taken, whatever its case). */
  create(user: NewUser): Promise<User>;
  /** Creates the user only while the table is empty (first-run setup); undefined if someone exists. */
  createFirst(user: NewUser): Promise<User | undefined>;
  /** Deletes the user and, by cascade, their sessions; refuses to delete the last admin. */
  delete(id: number): Promise<'deleted' | 'not-found' | 'last-admin'>;
  /** Replaces the hash and ends every session of the user, in one transaction. False: no such user. */
  setPassword(id: number, passwordHash: string): Promise<boolean>;
  /** Sessions read the role per request, so it applies at once; never demotes the last admin. */
  setRole(id: number, role: UserRole): Promise<'changed' | 'unchanged' | 'not-found' | 'last-admin'>;
}

/** A login session; `id` is the sha256 of the cookie's token, never the token. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: number;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Absolute end, whatever the activity. */
  readonly expiresAt: number;
  readonly userAgent: string | null;
}

export interface SessionStore {
  /** Rejects when the id is taken or the user does not exist. */
  insert(session: SessionRecord): Promise<void>;
  /** The session with its user's current role (a role change applies at once). */
  get(id: string): Promise<{ session: SessionRecord; user: User } | undefined>;
  touch(id: string, at: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  deleteForUser(userId: number): Promise<number>;
  /** Sessions past their absolute end, or idle since before `idleSince`. Resolves to how many. */
  deleteExpired(now: number, idleSince: number): Promise<number>;
}

/** A TV's access to one board. The token itself is never stored, only its hash. */
export interface Display {
  readonly id: number;
  readonly name: string;
  readonly boardId: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly revokedAt: number | null;
}

export interface DisplayStore {
  insert(display: { name: string; boardId: string; tokenHash: string; createdAt: number }): Promise<Display>;
  /** Ordered by id (creation order), revoked ones included. */
  list(): Promise<Display[]>;
  get(id: number): Promise<Display | undefined>;
  /** Revoked displays included: the caller decides (revoked = no access). */
  byTokenHash(tokenHash: string): Promise<Display | undefined>;
  touch(id: number, at: number): Promise<void>;
  /** Sets revoked_at once (a second revoke keeps the first time). Undefined if no such display. */
  revoke(id: number, at: number): Promise<Display | undefined>;
}

/** Plain settings (JSON). Secrets never go here: see SecretStore. */
export interface SettingsStore {
  /** The stored JSON value (a stored `null` is null); undefined when the key has none. */
  get(key: string): Promise<unknown>;
  /** Rejects with a TypeError (nothing written) when `value` is not JSON. */
  put(key: string, value: unknown, at: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** Encrypted secrets: storage holds and returns ciphertext only (server/secrets encrypts). */
export interface SecretStore {
  getCiphertext(key: string): Promise<string | undefined>;
  /** Rejects (nothing written) for a value not shaped like a sealed secret (secretBox's `v1:…`). */
  putCiphertext(key: string, ciphertext: string, at: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
}
