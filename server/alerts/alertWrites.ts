import type { Logger } from 'pino';
import type { AlertAction } from '../../lib/alerts/actions';
import type { Alert } from '../../lib/alerts/evaluate';
import type { AlertView } from '../../lib/alerts/view';
import type { Fence } from '../cluster/fence';
import type { AlertStore } from '../storage';
import type { createHeldAlerts } from './heldAlerts';
import { noticeOf } from './notice';
import type { AlertNotification, NotificationKind, Notifier } from './notification';

/**
 * The alert engine's writes (engine.ts) and what follows them: the evaluator's steps stored in order
 * (a clear must not be overwritten by its raise finishing later), a person's action on the stored
 * alert, and the channels told once a write is stored. What the channels are told is stored with the
 * write, in its transaction (the notification outbox, server/alerts/outbox/): a process that dies
 * right after the write still has it told, by whichever instance delivers next.
 */
export function createAlertWrites(o: {
  readonly store: AlertStore;
  readonly notifier: Notifier;
  readonly held: ReturnType<typeof createHeldAlerts>;
  readonly view: (a: Alert) => AlertView;
  readonly now: () => number;
  readonly logger: Logger;
}) {
  let saving: Promise<boolean> = Promise.resolve(true);

  function send(n: AlertNotification): void {
    try {
      // Never rejects (notification.ts); the count is not needed here.
      void o.notifier.notify(n);
    } catch (err) {
      o.logger.error({ err, notification: n.id }, 'alerts: the notifier threw');
    }
  }

  return {
    /** What the channels are told of this step of alert `a`. */
    notice: (kind: NotificationKind, a: Alert, at: number) => noticeOf(kind, a, o.view(a), at),
    /** Hands stored notices to the notifier (the outbox's dispatcher: it finds them stored already). */
    send,
    /**
     * The evaluator's step, after those before it. Resolves true once stored, false if not. Unfenced
     * (one instance on its own file) a failure resolves true all the same: a full disk must not stop
     * the alert reaching the channels. Fenced, a refused write is told no one: another instance may
     * evaluate now, and the store, not this copy, is what it continues from.
     */
    saveAll(
      alerts: readonly Alert[],
      fence: Fence | null,
      notices: readonly AlertNotification[],
    ): Promise<boolean> {
      saving = saving
        .then(() => o.store.saveAll(alerts, fence, notices))
        .then(
          () => true,
          (err: unknown) => {
            o.logger.error({ err, fenced: fence !== null }, 'alerts: could not store an alert');
            return fence === null;
          },
        );
      return saving;
    },
    /** Waits for the evaluator's writes begun so far. */
    settled: (): Promise<unknown> => saving,
    /** A person's action on a stored open alert: stored, held, announced, and (if its raise was) notified. */
    async act(id: number, action: (a: Alert) => AlertAction, kind: NotificationKind | null) {
      // The evaluator's own raise reaches the store before a person's action on it.
      await saving;
      let told: AlertNotification | null = null;
      const at = o.now();
      const r = await o.store.change(id, action, (a) => {
        told = kind && a.notified ? noticeOf(kind, a, o.view(a), at) : null;
        return told;
      });
      if (!r.ok) return r;
      o.held.adopt([r.alert], true);
      if (told) send(told);
      // Announced as the person's even when unchanged here: the other instances are told through it.
      o.held.announce(new Set([r.alert.boardId]), { kind: 'acted', alertIds: [id] });
      return r;
    },
  };
}
