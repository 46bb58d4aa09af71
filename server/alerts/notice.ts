import type { Alert } from '../../lib/alerts/evaluate';
import type { AlertView } from '../../lib/alerts/view';
import type { AlertNotification, NotificationKind } from './notification';

/** What the channels are told of an alert's step (raised, acknowledged, cleared), from its view. */
export function noticeOf(kind: NotificationKind, a: Alert, v: AlertView, at: number): AlertNotification {
  return {
    // Stable per alert: with `kind`, the channels' idempotency key (notifier.ts).
    id: String(a.id),
    kind,
    severity: a.severity,
    boardId: a.boardId,
    boardName: v.boardName,
    title:
      kind === 'alert.raised'
        ? v.title
        : `${kind === 'alert.cleared' ? 'Cleared' : 'Acknowledged'}: ${v.title}`,
    text: [
      a.acknowledgedBy ? `Acknowledged by ${a.acknowledgedBy}${a.note ? `: ${a.note}` : ''}` : '',
      a.clearReason ? `Cleared (${a.clearReason})` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    at,
    path: `/alerts?id=${a.id}`,
  };
}
