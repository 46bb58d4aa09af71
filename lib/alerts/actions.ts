import type { Alert } from './evaluate';

/**
 * What people do to one alert (acknowledge, snooze), on the alert alone, pure. The evaluator's state
 * applies them (evaluate.ts `acknowledge`, `snooze`); so does the alert store, on its stored row under
 * the row's lock (server/storage/alerts.ts `change`): with many instances (issue #19) a person acts on
 * any instance, and the stored alert is the truth both for them and for the one evaluator.
 */
export type AlertAction =
  | { readonly ok: true; readonly alert: Alert }
  | { readonly ok: false; readonly status: 404 | 409; readonly error: string };

export const notOpen = (id: number): AlertAction => ({
  ok: false,
  status: 404,
  error: `no open alert ${id} (cleared, or never raised)`,
});

/** raised → acknowledged: who, when, an optional note. Acknowledging twice is a 409 (the first one stands). */
export function acknowledgeAlert(alert: Alert, by: string, note: string | null, now: number): AlertAction {
  if (alert.state === 'cleared') return notOpen(alert.id);
  if (alert.state === 'acknowledged')
    return { ok: false, status: 409, error: `alert ${alert.id} was acknowledged by ${alert.acknowledgedBy}` };
  return {
    ok: true,
    alert: {
      ...alert,
      state: 'acknowledged',
      acknowledgedAt: now,
      acknowledgedBy: by,
      note,
      snoozedUntil: null,
    },
  };
}

/** Silence a raised alert's banner and chime until `until` (it stays raised; the tile stays marked). */
export function snoozeAlert(alert: Alert, by: string, until: number): AlertAction {
  if (alert.state === 'cleared') return notOpen(alert.id);
  if (alert.state !== 'raised')
    return { ok: false, status: 409, error: `alert ${alert.id} is already acknowledged` };
  return { ok: true, alert: { ...alert, snoozedUntil: until, snoozedBy: by } };
}

/**
 * The evaluator's copy of an alert written over the stored one: what people did is the stored row's.
 * The evaluator never acknowledges or snoozes; its copy of those fields may be older than a person's
 * action taken on another instance, which must not be undone by the evaluator's next write (a clear,
 * say). The evaluator's part (cleared, worst, clear reason) is its own.
 */
export function keepPeoplesPart(stored: Alert, evaluator: Alert): Alert {
  const acknowledged = stored.acknowledgedAt !== null;
  return {
    ...evaluator,
    state: evaluator.state === 'cleared' ? 'cleared' : acknowledged ? 'acknowledged' : evaluator.state,
    acknowledgedAt: stored.acknowledgedAt,
    acknowledgedBy: stored.acknowledgedBy,
    note: stored.note,
    snoozedUntil: stored.snoozedUntil,
    snoozedBy: stored.snoozedBy,
  };
}
