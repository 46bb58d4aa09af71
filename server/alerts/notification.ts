/**
 * The contract between whatever raises something worth telling people (board alert rules, a TV that
 * went dark) and the channels that tell them (webhook, Slack, Teams, e-mail: server/alerts/channels/).
 * Raisers never know which channels exist; each channel says which boards and which severities it
 * takes, and the notifier routes. Kept apart so the two sides are built and tested separately.
 */

export type NotificationSeverity = 'warn' | 'critical';

/** What happened: a rule's alert moved in its life, a display's state changed, or an admin's test. */
export type NotificationKind =
  | 'alert.raised'
  | 'alert.acknowledged'
  | 'alert.cleared'
  | 'display.offline'
  | 'display.back'
  | 'test';

export interface AlertNotification {
  /** Stable per occurrence (an alert id, a display outage id): a channel's idempotency key with `kind`. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly severity: NotificationSeverity;
  /** The board it concerns; null for what concerns no one board (a display not yet paired, a test). */
  readonly boardId: string | null;
  readonly boardName: string | null;
  /** One line, plain text: "Sales: 7 waiting (critical ≥ 6) for 30 s". Never a secret, never a caller's number unmasked. */
  readonly title: string;
  /** More lines, plain text, may be empty. */
  readonly text: string;
  /** When it happened on the server's clock, ms since epoch. */
  readonly at: number;
  /** A path on this Callboard to open it (e.g. "/alerts?id=12"); channels make it absolute with PUBLIC_URL when set. */
  readonly path: string | null;
}

/**
 * Hands a notification to every enabled channel that takes its board and severity. Never throws and
 * never waits for delivery: each channel retries with backoff on its own and records the outcome in its
 * log (Settings → Alerts). Returns (or resolves to, once the saved channels are read) how many
 * channels it was queued for; never rejects.
 */
export interface Notifier {
  notify(n: AlertNotification): number | Promise<number>;
}

/** A notifier that tells no one: what a server without channels configured uses. */
export const SILENT_NOTIFIER: Notifier = { notify: () => 0 };
