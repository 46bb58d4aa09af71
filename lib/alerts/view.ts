import { formatDuration } from '../board/format';
import type { Alert } from './evaluate';
import { ALERT_FIGURE_INFO } from './rules';

/**
 * An alert as the API and the screens get it: the stored alert, the names a person reads, and one
 * line that says it all ("Sales · Waiting now 7 (critical ≥ 6)"). Pure, shared by server and browser.
 */
export interface AlertView extends Alert {
  readonly boardName: string;
  /** The queue's name as the board shows it; null for the board's total. */
  readonly queueName: string | null;
  readonly title: string;
}

/** A figure's value in its unit: shares in %, seconds as m:ss, counts as they are. */
export function formatFigure(figure: Alert['figure'], v: number): string {
  const info = ALERT_FIGURE_INFO[figure];
  if (info.unit === '%') return `${Math.round(v * 1000) / 10} %`;
  if (info.unit === 's') return formatDuration(v);
  return String(Math.round(v * 100) / 100);
}

/**
 * What crossed, for a screen that already names the board (its page, its kiosk): "Sales: Waiting
 * now 7 (critical ≥ 6)", or without the queue for the board's total.
 */
export function alertLine(a: Alert, queueName: string | null): string {
  const info = ALERT_FIGURE_INFO[a.figure];
  const op = a.direction === 'above' ? '≥' : '<';
  const what = `${info.label} ${formatFigure(a.figure, a.value)} (${a.severity} ${op} ${formatFigure(a.figure, a.limit)})`;
  return queueName ? `${queueName}: ${what}` : what;
}

/** The alert with its board, for places that list many boards' alerts (chat, mail, the alerts page). */
export function alertTitle(a: Alert, boardName: string, queueName: string | null): string {
  const where = queueName ? `${boardName} · ${queueName}` : boardName;
  return `${where}: ${alertLine(a, null)}`;
}

export function alertView(a: Alert, boardName: string, queueName: string | null): AlertView {
  return { ...a, boardName, queueName, title: alertTitle(a, boardName, queueName) };
}

/** Shown on the glass now: open, and not snoozed at `now` (banner and chime; acknowledged ones are not). */
export function isSounding(a: Pick<Alert, 'state' | 'snoozedUntil'>, now: number): boolean {
  return a.state === 'raised' && (a.snoozedUntil === null || a.snoozedUntil <= now);
}
